package org.iems.loopfilter.internal;

import org.iems.testsupport.ShippedConfiguration;
import org.junit.jupiter.api.Test;

/** etc/org.iems.loopfilter.cfg matches the metatype definition. */
class ShippedConfigurationTest {

    @Test
    void cfgFileMatchesTheMetatypeDefinition() throws Exception {
        ShippedConfiguration.assertMatchesMetatype("org.iems.loopfilter");
    }
}
