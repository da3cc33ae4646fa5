package org.iems.api.directory;

/** How a bulk operation treats items that cannot be applied. */
public enum BulkMode {
    /** Any invalid item cancels the whole operation: nothing is applied. The default. */
    ALL_OR_NOTHING,
    /** Valid items are applied; invalid ones are reported and skipped. */
    SKIP_INVALID
}
