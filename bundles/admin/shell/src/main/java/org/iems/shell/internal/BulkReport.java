package org.iems.shell.internal;

import java.util.List;
import java.util.function.IntFunction;
import org.iems.api.directory.BulkFailure;
import org.iems.api.directory.BulkMode;
import org.iems.api.directory.BulkResult;

/** Reports the outcome of a bulk command: a summary, or the refusal with one line per problem. */
final class BulkReport {

    private BulkReport() {
    }

    /**
     * Fails the command if anything was refused in all-or-nothing mode; otherwise returns the
     * summary and the skipped items' lines.
     *
     * @param where turns a request index into where the operator wrote it ("line 17", an address)
     */
    static String of(String verb, BulkResult result, BulkMode mode, List<String> earlyProblems, IntFunction<String> where) {
        StringBuilder problems = new StringBuilder();
        earlyProblems.forEach(p -> problems.append('\n').append(p));
        for (BulkFailure f : result.failures()) {
            problems.append('\n').append(where.apply(f.index())).append(": ").append(f.problem());
        }
        if (mode == BulkMode.ALL_OR_NOTHING && problems.length() > 0) {
            throw new CommandException(verb + " refused, nothing was changed (all-or-nothing by default;"
                    + " --skip-invalid applies the valid items):" + problems);
        }
        String summary = verb + ": " + result.applied() + " done";
        return problems.length() == 0 ? summary : summary + ", skipped:" + problems;
    }
}
