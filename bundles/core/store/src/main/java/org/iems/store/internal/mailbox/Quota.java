package org.iems.store.internal.mailbox;

/**
 * An account's limits.
 *
 * @param maxBytes the most bytes its mailboxes may hold; 0 = unlimited
 * @param maxMessages the most messages; 0 = unlimited
 */
public record Quota(long maxBytes, long maxMessages) {

    /** No limits. */
    public static final Quota UNLIMITED = new Quota(0, 0);
}
