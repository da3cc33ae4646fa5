package org.iems.shell.internal;

import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.iems.api.mail.DomainName;
import org.iems.api.queue.QueueEntry;
import org.iems.api.queue.QueueStats;

/** {@code iems:queue-list}. */
@Service
@Command(scope = "iems", name = "queue-list", description = "Lists the messages in the queue, oldest first.")
public class QueueListCommand extends QueueCommand {

    @Option(name = "--held", description = "Only held messages")
    boolean held;

    @Option(name = "--offset", description = "Position of the first entry to show, from 0")
    int offset;

    @Option(name = "--limit", aliases = "-l", description = "How many entries to show")
    int limit = 100;

    @Option(name = "--domain", aliases = "-d", description = "Only messages with recipients at this domain still to"
            + " deliver")
    String domain;

    @Override
    protected void run() throws CommandException {
        if (domain != null) {
            if (held) {
                throw new CommandException("--held and --domain cannot be combined");
            }
            listDomain(Args.domain(domain));
            return;
        }
        List<QueueEntry> entries = queue.list(held, offset, limit);
        entries.forEach(this::print);
        QueueStats stats = queue.stats();
        long total = held ? stats.held() : stats.entries();
        if (entries.isEmpty()) {
            out().println(total == 0 ? (held ? "No held messages." : "The queue is empty.") : "No entries at offset " + offset);
        } else {
            out().println("Showing " + (offset + 1) + "-" + (offset + entries.size()) + " of " + total
                    + (offset + entries.size() < total ? ". Next page: --offset " + (offset + entries.size()) : "."));
        }
    }

    private void listDomain(DomainName name) {
        List<QueueEntry> entries = queue.listForDomain(name, offset, limit);
        entries.forEach(this::print);
        long waiting = queue.waitingFor(name);
        if (entries.isEmpty()) {
            out().println(offset == 0 ? "Nothing waiting for " + name + "." : "No entries at offset " + offset);
        } else {
            out().println("Showing " + (offset + 1) + "-" + (offset + entries.size()) + " message(s) for " + name + "; "
                    + waiting + " recipient(s) waiting there" + (entries.size() == limit ? ". Next page: --offset "
                    + (offset + entries.size()) : "."));
        }
    }

    private void print(QueueEntry e) {
        out().printf("%-24s %s %9d  <%s>  %d rcpt: %s%s%n", e.queueId(), e.created(), e.size(),
                e.envelope().sender().map(Object::toString).orElse(""), e.recipients().size(), states(e),
                e.heldReason().map(r -> "  HELD: " + r).orElse(""));
    }
}
