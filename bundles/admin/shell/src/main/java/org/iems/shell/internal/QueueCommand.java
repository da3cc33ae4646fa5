package org.iems.shell.internal;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.iems.api.queue.ManageableQueue;
import org.iems.api.queue.QueueEntry;
import org.iems.api.queue.RecipientState;
import org.iems.api.queue.RecipientStatus;

/** Base of the commands that work on the Shared Message Queue. */
public abstract class QueueCommand extends IemsCommand {

    @Reference
    protected ManageableQueue queue;

    /** A one-line summary of the recipients' states, e.g. {@code 2 queued, 1 bounced}. */
    static String states(QueueEntry entry) {
        StringBuilder summary = new StringBuilder();
        for (RecipientState state : RecipientState.values()) {
            long n = entry.recipients().stream().map(RecipientStatus::state).filter(state::equals).count();
            if (n > 0) {
                summary.append(summary.length() == 0 ? "" : ", ").append(n).append(' ')
                        .append(state.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
            }
        }
        return summary.length() == 0 ? "new" : summary.toString();
    }
}
