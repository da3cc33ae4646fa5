package org.iems.imapd.internal.session;

import org.iems.api.mail.MailAddress;

/**
 * A mailbox as a session addresses it: whose it is, its name in that account, the name the
 * client uses (other users' mailboxes are under {@code Shared/<owner>/}, RFC 2342's other users'
 * namespace) and the rights this session's user has on it (RFC 4314).
 *
 * @param owner the account that owns it
 * @param name its name in the owner's account
 * @param visibleName its name as the client sees it
 * @param rights the user's rights, RFC 4314 letters
 */
record MailboxRef(MailAddress owner, String name, String visibleName, String rights) {

    /** Every right of RFC 4314 section 2.1: what an owner has. */
    static final String ALL_RIGHTS = "lrswipkxtea";

    boolean has(char right) {
        return rights.indexOf(right) >= 0;
    }

    /** Fails unless the user has a right. */
    void require(char right, String what) throws CommandFailed {
        if (!has(right)) {
            throw new CommandFailed("NOPERM", "You may not " + what + " in this mailbox");
        }
    }
}
