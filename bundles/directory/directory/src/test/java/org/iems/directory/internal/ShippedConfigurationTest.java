package org.iems.directory.internal;

import org.iems.testsupport.ShippedConfiguration;
import org.junit.jupiter.api.Test;

/** etc/org.iems.directory.cfg matches the metatype definition. */
class ShippedConfigurationTest {

    @Test
    void cfgFileMatchesTheMetatypeDefinition() throws Exception {
        ShippedConfiguration.assertMatchesMetatype("org.iems.directory");
    }
}
