package org.iems.queue.internal;

import org.iems.testsupport.ShippedConfiguration;
import org.junit.jupiter.api.Test;

/** etc/org.iems.queue.cfg matches the metatype definition. */
class ShippedConfigurationTest {

    @Test
    void cfgFileMatchesTheMetatypeDefinition() throws Exception {
        ShippedConfiguration.assertMatchesMetatype("org.iems.queue");
    }
}
