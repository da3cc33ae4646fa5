package org.iems.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ListSettingsTest {

    @Test
    void itemsAreSeparatedByCommasOrWhiteSpaceAndEmptyOnesDropped() {
        assertThat(ListSettings.items(" 10.0.0.0/8, 192.0.2.0/24\t::1 ,,")).containsExactly("10.0.0.0/8", "192.0.2.0/24",
                "::1");
        assertThat(ListSettings.items("")).isEmpty();
        assertThat(ListSettings.items("  ")).isEmpty();
    }
}
