package org.iems.shell.internal;

import java.util.Map;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.iems.api.mail.DomainName;
import org.iems.api.queue.QueueStats;

/** {@code iems:queue-stats}. */
@Service
@Command(scope = "iems", name = "queue-stats", description = "Counts queued messages and their recipients by state.")
public class QueueStatsCommand extends QueueCommand {

    private static final int TOP_DOMAINS = 20;

    @Override
    protected void run() {
        QueueStats s = queue.stats();
        out().println("Messages:   " + s.entries() + " (" + s.held() + " held)");
        out().println("Oldest:     " + s.oldest().map(Object::toString).orElse("-"));
        s.recipients().forEach((state, n) -> out().printf("%-11s %d%n", state.name().toLowerCase(java.util.Locale.ROOT)
                + ":", n));
        Map<DomainName, Long> byDomain = queue.waitingByDomain(TOP_DOMAINS);
        if (!byDomain.isEmpty()) {
            out().println("Waiting by domain (the " + TOP_DOMAINS + " with the most):");
            byDomain.forEach((domain, n) -> out().printf("  %-40s %d%n", domain, n));
        }
    }
}
