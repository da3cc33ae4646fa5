package org.iems.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code iems:queue-hold}. */
@Service
@Command(scope = "iems", name = "queue-hold", description = "Holds messages: nothing is delivered until they are released.")
public class QueueHoldCommand extends QueueEntriesCommand {

    @Option(name = "--reason", aliases = "-r", description = "Why, for the log and iems:queue-list")
    String reason = "held by the operator";

    @Override
    protected String apply(String queueId) {
        queue.hold(queueId, reason);
        return "held";
    }
}
