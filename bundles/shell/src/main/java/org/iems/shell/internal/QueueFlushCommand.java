package org.iems.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code iems:queue-flush}. */
@Service
@Command(scope = "iems", name = "queue-flush", description = "Tries every deferred recipient again now, instead of at"
        + " its next scheduled attempt.")
public class QueueFlushCommand extends QueueCommand {

    @Override
    protected void run() {
        out().println(queue.flush() + " deferred recipient(s) due now.");
    }
}
