package org.iems.api.queue;

import java.util.List;
import java.util.Map;
import org.iems.api.mail.DomainName;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The Shared Message Queue as operators see it (the shell, JMX, the web administration): listings,
 * counts, and the decisions only an operator takes.
 *
 * @since 2.0
 */
@ProviderType
public interface ManageableQueue extends MessageQueue {

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
     */
    List<QueueEntry> listForDomain(DomainName domain, int offset, int limit);

    /**
     * Counts the recipients not yet final (new, queued, in delivery, held) per recipient domain:
     * the per-destination view of the queue.
     *
     * @param max the most domains to return
     * @return recipients per domain, the domains with the most first
     */
    Map<DomainName, Long> waitingByDomain(int max);

    /**
     * Counts the recipients not yet final at one domain.
     *
     * @param domain the recipients' domain
     * @return how many wait there
     */
    long waitingFor(DomainName domain);

    /**
     * Counts the entries and recipients.
     *
     * @return the statistics
     */
    QueueStats stats();

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
     */
    int flush(DomainName domain);
}
