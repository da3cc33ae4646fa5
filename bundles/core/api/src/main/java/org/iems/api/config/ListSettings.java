package org.iems.api.config;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Reads a list setting, the one way: items separated by commas or white space, empty items
 * dropped. List attributes are typed {@code String[]} in the metatype, so that tools that read
 * it see a list; a {@code .cfg} file keeps a list on one line ({@code banned.networks =
 * 10.0.0.0/8, 192.0.2.0/24}), which Declarative Services hands over as an array of one string,
 * while a typed {@code .config} file or Configuration Admin's API can give one item per element.
 * Both read the same.
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

    /**
     * The items of a list setting typed {@code String[]}: each element is read as a list of its
     * own, and the items of all elements are returned in order.
     *
     * @param values the setting as configured; {@code null} or empty for none
     * @return its items, in order
     * @since 1.2
     */
    public static List<String> items(String[] values) {
        return values == null ? List.of() : Arrays.stream(values).filter(Objects::nonNull).flatMap(v -> items(v).stream())
                .toList();
    }
}
