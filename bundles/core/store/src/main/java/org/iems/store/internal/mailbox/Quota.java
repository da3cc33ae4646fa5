package org.iems.store.internal.mailbox;

import org.iems.api.directory.Directory;
import org.iems.api.mail.MailAddress;

/**
 * An account's limits.
 *
 * @param maxBytes the most bytes its mailboxes may hold; 0 = unlimited
 * @param maxMessages the most messages; 0 = unlimited
 */
public record Quota(long maxBytes, long maxMessages) {

    /** No limits. */
    public static final Quota UNLIMITED = new Quota(0, 0);

    /**
     * An account's limits as the directory keeps them; an account it does not know has none.
     *
     * @param directory the directory
     * @param account the account
     * @return its limits
     */
    public static Quota of(Directory directory, MailAddress account) {
        return directory.findAccount(account).map(a -> new Quota(a.quotaBytes(), a.quotaMessages())).orElse(UNLIMITED);
    }
}
