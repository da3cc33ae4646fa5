package org.iems.shell.internal;

import org.iems.api.directory.Page;

/** The line under a paged listing. */
final class Paging {

    private Paging() {
    }

    static String summary(Page<?> page, String what) {
        if (page.items().isEmpty()) {
            return "No " + what + " (" + page.total() + " in all).";
        }
        String line = "Showing " + what + " " + (page.offset() + 1) + "-" + (page.offset() + page.items().size())
                + " of " + page.total() + ".";
        return page.hasMore() ? line + " Next page: --offset " + (page.offset() + page.items().size()) : line;
    }
}
