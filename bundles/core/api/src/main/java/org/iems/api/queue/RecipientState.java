package org.iems.api.queue;

/** Where one recipient of a queue entry stands. Every recipient ends in a final state, logged. */
public enum RecipientState {
    /** Not yet routed by the preprocessor. */
    NEW,
    /** Routed to a channel and waiting for (another) delivery attempt. */
    QUEUED,
    /** Claimed by a delivery worker, under a lease. */
    IN_DELIVERY,
    /** Held: a filter said so, a required filter is missing, or an operator held it. */
    HELD,
    /** Final: delivered. */
    DELIVERED,
    /** Final: permanent failure; the sender gets a notification. */
    BOUNCED,
    /** Final: the time to live ran out; the sender gets a notification. */
    EXPIRED,
    /** Final: dropped on purpose (a filter or policy), logged. */
    DISCARDED;

    /**
     * Tells whether the recipient is finished.
     *
     * @return {@code true} for delivered, bounced, expired and discarded
     */
    public boolean isFinal() {
        return this == DELIVERED || this == BOUNCED || this == EXPIRED || this == DISCARDED;
    }
}
