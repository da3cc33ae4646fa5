package org.iems.queue.internal;

/**
 * The order in which a channel's due recipients are claimed, so that notifications and ordinary
 * mail do not wait behind a bulk sending: first delivery notifications (from the null sender),
 * then the first {@value #SLICE} recipients of messages up to {@value #LARGE} octets, then the
 * rest (a large message's recipients, a list's recipients beyond the first slice). Within a
 * class, the recipient due first goes first. The bulk waits only while the channel has more due
 * than it can take at once.
 */
final class ClaimPriority {

    /** Notifications. */
    static final int NOTIFICATION = 0;
    /** Ordinary mail. */
    static final int ORDINARY = 1;
    /** Large messages and many-recipient sendings. */
    static final int BULK = 2;
    /** Recipients of one message claimed as ordinary mail; those after them are bulk. */
    static final int SLICE = 100;
    /** Messages larger than this (octets) are bulk. */
    static final long LARGE = 1024 * 1024;

    private ClaimPriority() {
    }

    /**
     * The class of one recipient.
     *
     * @param fromNullSender whether the message comes from the null sender (a notification)
     * @param size the message's size in octets
     * @param seq the recipient's position in the message, from 0
     * @return {@link #NOTIFICATION}, {@link #ORDINARY} or {@link #BULK}
     */
    static int of(boolean fromNullSender, long size, int seq) {
        if (fromNullSender) {
            return NOTIFICATION;
        }
        return size > LARGE || seq >= SLICE ? BULK : ORDINARY;
    }
}
