package org.iems.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.iems.api.queue.Envelope;
import org.iems.api.queue.QueueEntry;
import org.iems.api.queue.RecipientStatus;

/** {@code iems:queue-show}. */
@Service
@Command(scope = "iems", name = "queue-show", description = "Shows one queued message: envelope and each recipient's state.")
public class QueueShowCommand extends QueueCommand {

    @Argument(index = 0, name = "queue-id", required = true, description = "The queue id")
    @Completion(QueueIdCompleter.class)
    String id;

    @Override
    protected void run() {
        QueueEntry e = queue.find(id).orElseThrow(() -> new CommandException("no queue entry " + id));
        Envelope env = e.envelope();
        out().println("Queue id:   " + e.queueId());
        out().println("From:       <" + env.sender().map(Object::toString).orElse("") + ">");
        out().println("Client:     " + env.client() + env.authenticatedUser().map(u -> " (authenticated as " + u + ")").orElse(""));
        out().println("Received:   " + env.received());
        out().println("Size:       " + e.size() + " bytes, body " + env.body() + (env.smtpUtf8() ? ", SMTPUTF8" : ""));
        env.envelopeId().ifPresent(id -> out().println("ENVID:      " + id));
        env.ret().ifPresent(ret -> out().println("RET:        " + ret));
        out().println("Expires:    " + e.expires());
        out().println("Held:       " + e.heldReason().orElse("no"));
        e.tags().forEach((k, v) -> out().println("Tag:        " + k + ": " + v));
        for (RecipientStatus r : e.recipients()) {
            out().println("Recipient:  <" + r.address() + ">" + (r.address().equals(r.original().address()) ? ""
                    : " (for <" + r.original().address() + ">)") + " " + r.state() + r.channel().map(c -> " via " + c).orElse("")
                    + ", " + r.attempts() + " attempt(s)" + r.nextAttempt().map(t -> ", next " + t).orElse("")
                    + r.lastResult().map(x -> ": " + x).orElse(""));
        }
    }
}
