package org.iems.api.directory;

import java.util.List;

/**
 * One page of a listing that may be too large to show at once.
 *
 * @param <T> the type of the listed items
 * @param items the items on this page, in listing order
 * @param offset the position of the first item in the whole listing, from 0
 * @param total how many items the whole listing has
 */
public record Page<T>(List<T> items, int offset, long total) {

    /**
     * Creates the page with an unmodifiable copy of the items.
     *
     * @param items the items
     * @param offset the first item's position
     * @param total the size of the whole listing
     */
    public Page {
        items = List.copyOf(items);
    }

    /**
     * Tells whether items follow this page.
     *
     * @return {@code true} if the listing goes on after this page
     */
    public boolean hasMore() {
        return offset + items.size() < total;
    }
}
