package org.iems.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.iems.api.mail.DomainName;

/** {@code iems:queue-flush [domain]}. */
@Service
@Command(scope = "iems", name = "queue-flush", description = "Tries deferred recipients again now, instead of at their"
        + " next scheduled attempt: all of them, or those of one domain.")
public class QueueFlushCommand extends QueueCommand {

    @Argument(index = 0, name = "domain", description = "Only the recipients at this domain")
    String domain;

    @Override
    protected void run() {
        if (domain == null) {
            out().println(queue.flush() + " deferred recipient(s) due now.");
            return;
        }
        DomainName name = Args.domain(domain);
        out().println(queue.flush(name) + " deferred recipient(s) at " + name + " due now.");
    }
}
