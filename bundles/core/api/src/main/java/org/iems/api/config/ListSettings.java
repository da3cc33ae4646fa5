package org.iems.api.config;

import java.util.Arrays;
import java.util.List;

/**
 * Reads a list setting, the one way: items separated by commas or white space, empty items
 * dropped. A {@code .cfg} file keeps a list on one line ({@code banned.networks = 10.0.0.0/8,
 * 192.0.2.0/24}), which Configuration Admin hands over as one string.
 *
 * @since 1.1
 */
public final class ListSettings {

    private ListSettings() {
    }

    /**
     * The items of a list setting.
     *
     * @param value the setting as configured, possibly empty
     * @return its items, in order
     */
    public static List<String> items(String value) {
        return Arrays.stream(value.strip().split("[,\\s]+")).filter(item -> !item.isEmpty()).toList();
    }
}
