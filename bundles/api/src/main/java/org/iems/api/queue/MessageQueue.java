package org.iems.api.queue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.iems.api.blob.BlobRef;
import org.iems.api.mail.DomainName;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The Shared Message Queue. Every message IEMS accepts passes through it: the preprocessor
 * filters and routes new entries, channels deliver routed recipients, the scheduler retries with
 * back-off until the time to live, and every recipient ends delivered, bounced, expired or
 * discarded — never lost. State changes are durable when the methods return.
 */
@ProviderType
public interface MessageQueue {

    /**
     * Makes a new, unique queue id, for a message about to be enqueued (the SMTP session writes it
     * into the Received header and the 250 reply).
     *
     * @return the id
     */
    String newQueueId();

    /**
     * Adds a message. When this returns, the entry and every recipient's state are committed to
     * disk, and the queue holds the blob: only then may "250 OK" be said.
     *
     * @param envelope the envelope
     * @param body the committed message blob and its size
     * @param queueId the id the SMTP session announced, or {@code null} to have one made
     * @return the new entry, recipients in state {@link RecipientState#NEW}
     * @throws QueueException if it could not be made durable; then nothing was added
     */
    QueueEntry enqueue(Envelope envelope, BlobRef body, String queueId) throws QueueException;

    /**
     * Looks an entry up.
     *
     * @param queueId the id
     * @return the entry, or empty if there is none (finished entries are removed)
     */
    Optional<QueueEntry> find(String queueId);

    /**
     * Claims new entries for the preprocessor, oldest first, each under a lease (a preprocessor
     * that dies leaves them to be claimed again).
     *
     * @param max at most this many
     * @param lease how long the claim lasts
     * @return the claimed entries, possibly none
     */
    List<QueueEntry> claimNew(int max, Duration lease);

    /**
     * Applies the preprocessor's decision to a claimed new entry: tags, a new body, the final
     * recipients and their channels. Bounced recipients get their notification.
     *
     * @param queueId the entry
     * @param routing the decision
     */
    void route(String queueId, Routing routing);

    /**
     * Holds an entry: none of its recipients is delivered until it is released. Used when a
     * filter says HOLD, when a filter fails or a required one is missing (fail closed), and by
     * operators.
     *
     * @param queueId the entry
     * @param reason for the log and the queue listing
     */
    void hold(String queueId, String reason);

    /**
     * Releases a held entry: it goes back to where it was held (filtering or delivery).
     *
     * @param queueId the entry
     */
    void release(String queueId);

    /**
     * Releases every entry held with a reason that starts with the given prefix: the preprocessor
     * lifts its own automatic holds this way once its filter chain is whole again.
     *
     * @param reasonPrefix the start of the hold reasons to release
     * @return how many entries were released
     */
    int releaseHeld(String reasonPrefix);

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
     * @since 1.2
     */
    void returnClaims(List<Delivery> deliveries);

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
     * Waits until this queue records new work (an entry enqueued, routed or released), or until
     * the time is up. Workers wait with it instead of sleeping, so mail moves on at once; work that
     * falls due by time (a retry) is found at the next timed wake-up.
     *
     * @param max the longest wait
     * @return whether new work was recorded meanwhile
     * @throws InterruptedException if the waiting thread is interrupted
     */
    boolean awaitActivity(Duration max) throws InterruptedException;

    /**
     * Waits until recipients are routed to a channel, or mail is released or made due by an
     * operator, or until the time is up. A channel's workers wait with this rather than
     * {@link #awaitActivity(Duration)}, so mail that arrives or goes to other channels does not wake
     * them.
     *
     * @param channel the channel name
     * @param max the longest wait
     * @return whether such work was recorded meanwhile
     * @throws InterruptedException if the waiting thread is interrupted
     * @since 1.2
     */
    boolean awaitActivity(String channel, Duration max) throws InterruptedException;

    /**
     * Lists entries, oldest first, for operators.
     *
     * @param heldOnly whether to list held entries only
     * @param offset how many to skip
     * @param limit the most to return
     * @return the entries
     */
    List<QueueEntry> list(boolean heldOnly, int offset, int limit);

    /**
     * Lists the entries with recipients at one domain that are not yet final, oldest first
     * ({@code iems:queue-list --domain}).
     *
     * @param domain the recipients' domain
     * @param offset how many to skip
     * @param limit the most to return
     * @return the entries
     * @since 1.2
     */
    List<QueueEntry> listForDomain(DomainName domain, int offset, int limit);

    /**
     * Counts the recipients not yet final (new, queued, in delivery, held) per recipient domain:
     * the per-destination view of the queue.
     *
     * @param max the most domains to return
     * @return recipients per domain, the domains with the most first
     * @since 1.2
     */
    Map<DomainName, Long> waitingByDomain(int max);

    /**
     * Counts the recipients not yet final at one domain.
     *
     * @param domain the recipients' domain
     * @return how many wait there
     * @since 1.3
     */
    long waitingFor(DomainName domain);

    /**
     * Counts the entries and recipients.
     *
     * @return the statistics
     */
    QueueStats stats();

    /**
     * Removes an entry and all its recipients at once, notifying nobody (an operator's decision,
     * logged). A delivery in progress may still complete.
     *
     * @param queueId the entry
     * @return whether there was such an entry
     */
    boolean delete(String queueId);

    /**
     * Makes every deferred recipient due now, so it is tried at once.
     *
     * @return how many recipients were made due
     */
    int flush();

    /**
     * Makes the deferred recipients of one domain due now (ETRN, RFC 1985; {@code iems:queue-flush
     * <domain>}).
     *
     * @param domain the recipients' domain
     * @return how many recipients were made due
     * @since 1.2
     */
    int flush(DomainName domain);
}
