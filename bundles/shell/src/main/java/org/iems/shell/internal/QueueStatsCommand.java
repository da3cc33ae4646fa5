package org.iems.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.iems.api.queue.QueueStats;

/** {@code iems:queue-stats}. */
@Service
@Command(scope = "iems", name = "queue-stats", description = "Counts queued messages and their recipients by state.")
public class QueueStatsCommand extends QueueCommand {

    @Override
    protected void run() {
        QueueStats s = queue.stats();
        out().println("Messages:   " + s.entries() + " (" + s.held() + " held)");
        out().println("Oldest:     " + s.oldest().map(Object::toString).orElse("-"));
        s.recipients().forEach((state, n) -> out().printf("%-11s %d%n", state.name().toLowerCase(java.util.Locale.ROOT)
                + ":", n));
    }
}
