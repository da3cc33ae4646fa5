package org.iems.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code iems:queue-release}. */
@Service
@Command(scope = "iems", name = "queue-release", description = "Releases held messages; they go through the filter"
        + " chain if they had not yet, then on to delivery.")
public class QueueReleaseCommand extends QueueEntriesCommand {

    @Override
    protected String apply(String queueId) {
        queue.release(queueId);
        return "released";
    }
}
