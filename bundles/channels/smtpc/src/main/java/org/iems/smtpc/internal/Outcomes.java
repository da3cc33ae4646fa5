package org.iems.smtpc.internal;

import java.util.ArrayList;
import java.util.List;
import org.iems.api.queue.Delivery;
import org.iems.api.queue.DeliveryOutcome;
import org.iems.api.queue.DeliveryResult;
import org.iems.smtpc.protocol.Reply;
import org.iems.smtpc.protocol.TransactionResult;

/**
 * Turns what a server said into the queue's outcomes. Every result text starts with the enhanced
 * status code, then names the relay and quotes the server, so the queue's one log line per
 * attempt reads {@code status=sent (2.0.0 relay=mx.example[192.0.2.1]:25, 250 2.0.0 Ok …)}.
 */
final class Outcomes {

    private Outcomes() {
    }

    /**
     * The outcomes of a transaction; a server that takes DSN requests got each recipient's NOTIFY
     * and reports success itself, one that does not leaves this server to say "relayed".
     */
    static List<DeliveryOutcome> of(Job job, HostAddress relay, boolean takesDsnRequests, TransactionResult result) {
        DeliveryResult.Delivered.Kind handedOver = takesDsnRequests ? DeliveryResult.Delivered.Kind.PASSED_ON
                : DeliveryResult.Delivered.Kind.RELAYED;
        List<DeliveryOutcome> outcomes = new ArrayList<>(job.deliveries().size());
        for (int i = 0; i < job.deliveries().size(); i++) {
            Reply reply = result.replies().get(i);
            String text = "relay=" + relay + ", " + reply;
            DeliveryResult r;
            if (result.accepted().get(i)) {
                r = new DeliveryResult.Delivered(reply.status() + " " + text, handedOver);
            } else if (reply.isPermanent()) {
                r = new DeliveryResult.PermanentFailure(reply.status(), text);
            } else {
                r = new DeliveryResult.TemporaryFailure(temporaryStatus(reply) + " " + text);
            }
            outcomes.add(new DeliveryOutcome(job.deliveries().get(i), r));
        }
        return outcomes;
    }

    /** The same temporary failure for every recipient of a job: "4.4.1 relay=…, lost connection …". */
    static List<DeliveryOutcome> deferred(Job job, String reason) {
        return all(job.deliveries(), new DeliveryResult.TemporaryFailure(reason));
    }

    /** The same permanent failure for every recipient of a job. */
    static List<DeliveryOutcome> bounced(Job job, String status, String reason) {
        return all(job.deliveries(), new DeliveryResult.PermanentFailure(status, reason));
    }

    /** A 4xx keeps its status; anything else not final (a 3xx out of place) is 4.0.0. */
    private static String temporaryStatus(Reply reply) {
        String status = reply.status();
        return status.startsWith("4.") ? status : "4.0.0";
    }

    /** One result for every given delivery. */
    private static List<DeliveryOutcome> all(List<Delivery> deliveries, DeliveryResult result) {
        return deliveries.stream().map(d -> new DeliveryOutcome(d, result)).toList();
    }
}
