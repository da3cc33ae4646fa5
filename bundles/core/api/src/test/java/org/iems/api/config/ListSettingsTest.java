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

    @Test
    void anArraySettingReadsTheSameWhetherOneLineOrOneItemPerElement() {
        String[] fromCfgLine = {"10.0.0.0/8, 192.0.2.0/24 ::1"};
        String[] typed = {"10.0.0.0/8", "192.0.2.0/24", "::1"};
        assertThat(ListSettings.items(fromCfgLine)).containsExactly("10.0.0.0/8", "192.0.2.0/24", "::1");
        assertThat(ListSettings.items(typed)).isEqualTo(ListSettings.items(fromCfgLine));
        assertThat(ListSettings.items(new String[] {""})).as("an empty .cfg value").isEmpty();
        assertThat(ListSettings.items(new String[0])).isEmpty();
        assertThat(ListSettings.items((String[]) null)).as("no value at all").isEmpty();
        assertThat(ListSettings.items(new String[] {"a b", null, "c"})).containsExactly("a", "b", "c");
    }
}
