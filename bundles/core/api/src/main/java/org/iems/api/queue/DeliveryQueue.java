package org.iems.api.queue;

import java.time.Duration;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The Shared Message Queue as a delivery channel sees it: recipients routed to the channel are
 * claimed under leases and their outcomes recorded.
 *
 * @since 2.0
 */
@ProviderType
public interface DeliveryQueue {

    /**
     * Claims due recipients routed to a channel, each under a lease: delivery notifications first,
     * then ordinary mail, then the bulk (large messages, recipients of a message beyond its first
     * hundred); the one due first within each.
     *
     * @param channel the channel name
     * @param max at most this many
     * @param lease how long the claim lasts before the recipient is due again
     * @return the claimed deliveries, possibly none
     */
    List<Delivery> claim(String channel, int max, Duration lease);

    /**
     * Records the outcomes of several claimed deliveries in one durable step: the same as calling
     * {@link #complete}, {@link #defer} or {@link #bounce} for each in turn, with one commit for
     * all. A channel worker that delivered a batch records it this way. If the process dies
     * before the step is durable, every delivery of the batch is due again when its lease ends,
     * so a channel must make a repeated delivery harmless (the store does, by delivery key).
     *
     * @param outcomes the outcomes, each for a delivery claimed and not yet recorded
     */
    void record(List<DeliveryOutcome> outcomes);

    /**
     * Records a delivery: the recipient is final; the entry is removed when all are.
     *
     * @param delivery the claimed delivery
     * @param detail for the log
     */
    void complete(Delivery delivery, String detail);

    /**
     * Records a temporary failure: the recipient is due again after the back-off, or expires
     * (and is bounced) once the time to live has passed.
     *
     * @param delivery the claimed delivery
     * @param reason for the log and notifications
     */
    void defer(Delivery delivery, String reason);

    /**
     * Records a permanent failure: the recipient is final, and the sender (unless null) gets a
     * delivery status notification (RFC 3464) through the queue.
     *
     * @param delivery the claimed delivery
     * @param status the enhanced status code
     * @param reason for the log and the notification
     */
    void bounce(Delivery delivery, String status, String reason);

    /**
     * Gives back claimed deliveries that were not attempted (their channel is stopping): they are
     * due again at once, and the claim does not count as an attempt.
     *
     * @param deliveries deliveries claimed and not yet recorded
     */
    void returnClaims(List<Delivery> deliveries);

    /**
     * Waits until recipients are routed to a channel, or mail is released or made due by an
     * operator, or until the time is up. A channel's workers wait with this rather than
     * {@link QueueIntake#awaitActivity(Duration)}, so mail that arrives or goes to other channels does not wake
     * them.
     *
     * @param channel the channel name
     * @param max the longest wait
     * @return whether such work was recorded meanwhile
     * @throws InterruptedException if the waiting thread is interrupted
     */
    boolean awaitActivity(String channel, Duration max) throws InterruptedException;
}
