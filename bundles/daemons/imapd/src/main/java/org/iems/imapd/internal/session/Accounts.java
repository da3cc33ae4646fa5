package org.iems.imapd.internal.session;

import java.util.Optional;
import org.iems.api.mail.MailAddress;

/** The accounts IMAP names, as the directory knows them: ACL identifiers and quota limits. */
@FunctionalInterface
public interface Accounts {

    /**
     * Whether an account exists, and its quota limits.
     *
     * @param account the account
     * @return bytes and messages it may hold (0 = unlimited), or empty if the account is unknown
     */
    Optional<Limits> limits(MailAddress account);

    /**
     * An account's limits.
     *
     * @param bytes the most octets, 0 for no limit
     * @param messages the most messages, 0 for no limit
     */
    record Limits(long bytes, long messages) {
    }
}
