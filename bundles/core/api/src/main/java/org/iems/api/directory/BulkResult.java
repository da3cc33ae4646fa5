package org.iems.api.directory;

import java.util.List;

/**
 * The outcome of a bulk operation.
 *
 * @param applied how many items were applied (0 when an all-or-nothing operation failed)
 * @param failures the items that could not be applied, in request order
 */
public record BulkResult(int applied, List<BulkFailure> failures) {

    /**
     * Creates the result with an unmodifiable copy of the failures.
     *
     * @param applied the number of applied items
     * @param failures the failed items
     */
    public BulkResult {
        failures = List.copyOf(failures);
    }

    /**
     * Tells whether every item was applied.
     *
     * @return {@code true} if there were no failures
     */
    public boolean complete() {
        return failures.isEmpty();
    }
}
