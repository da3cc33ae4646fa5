package org.iems.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code iems:queue-delete}. */
@Service
@Command(scope = "iems", name = "queue-delete", description = "Deletes messages from the queue without notifying"
        + " anyone (logged).")
public class QueueDeleteCommand extends QueueEntriesCommand {

    @Override
    protected String apply(String queueId) {
        return queue.delete(queueId) ? "deleted" : "already gone";
    }
}
