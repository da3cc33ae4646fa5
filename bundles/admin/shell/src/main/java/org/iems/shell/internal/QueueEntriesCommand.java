package org.iems.shell.internal;

import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;

/** Base of the commands that act on queue entries named by their ids. */
public abstract class QueueEntriesCommand extends QueueCommand {

    @Argument(index = 0, name = "queue-ids", required = true, multiValued = true,
            description = "Queue ids, as iems:queue-list shows them and the log names them")
    @Completion(QueueIdCompleter.class)
    List<String> ids;

    @Override
    protected void run() {
        int missing = 0;
        for (String id : ids) {
            if (queue.find(id).isEmpty()) {
                out().println(id + ": no such entry");
                missing++;
                continue;
            }
            out().println(id + ": " + apply(id));
        }
        if (missing > 0) {
            throw new CommandException(missing + " of " + ids.size() + " queue ids not found");
        }
    }

    /** Acts on one existing entry; returns what was done. */
    protected abstract String apply(String queueId);
}
