package org.iems.net.internal;

import org.iems.testsupport.ShippedConfiguration;
import org.junit.jupiter.api.Test;

/** etc/org.iems.net.cfg matches the metatype definition. */
class ShippedConfigurationTest {

    @Test
    void cfgFileMatchesTheMetatypeDefinition() throws Exception {
        ShippedConfiguration.assertMatchesMetatype("org.iems.net");
    }
}
