package org.iems.imapd.internal.session;

import java.util.Optional;
import org.iems.api.mail.MailAddress;

/** Where an account's quota limits come from (the directory). */
@FunctionalInterface
public interface QuotaLimits {

    /**
     * The limits of an account.
     *
     * @param account the account
     * @return bytes and messages it may hold (0 = unlimited), or empty if the account is unknown
     */
    Optional<Limits> of(MailAddress account);

    /**
     * An account's limits.
     *
     * @param bytes the most octets, 0 for no limit
     * @param messages the most messages, 0 for no limit
     */
    record Limits(long bytes, long messages) {
    }
}
