package org.iems.preprocessor.internal;

import org.iems.testsupport.ShippedConfiguration;
import org.junit.jupiter.api.Test;

/** etc/org.iems.preprocessor.cfg matches the metatype definition. */
class ShippedConfigurationTest {

    @Test
    void cfgFileMatchesTheMetatypeDefinition() throws Exception {
        ShippedConfiguration.assertMatchesMetatype("org.iems.preprocessor");
    }
}
