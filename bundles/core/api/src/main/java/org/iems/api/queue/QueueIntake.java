package org.iems.api.queue;

import java.time.Duration;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The Shared Message Queue as the preprocessor sees it: new entries are claimed, filtered and
 * routed to their channels, or held.
 *
 * @since 2.0
 */
@ProviderType
public interface QueueIntake {

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
     * Releases every entry held with a reason that starts with the given prefix: the preprocessor
     * lifts its own automatic holds this way once its filter chain is whole again.
     *
     * @param reasonPrefix the start of the hold reasons to release
     * @return how many entries were released
     */
    int releaseHeld(String reasonPrefix);

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
}
