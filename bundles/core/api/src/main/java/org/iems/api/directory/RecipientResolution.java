package org.iems.api.directory;

import java.util.List;
import org.iems.api.mail.MailAddress;

/**
 * Where mail for one recipient address goes.
 *
 * @param recipient the address that was resolved
 * @param kind what the address turned out to be
 * @param accounts local accounts that receive the mail (one for {@link Kind#ACCOUNT}, any number
 *        for {@link Kind#ALIAS}); empty otherwise
 * @param remote non-local addresses the mail is forwarded to (the recipient itself for
 *        {@link Kind#REMOTE}, alias targets for {@link Kind#ALIAS})
 * @param unresolved local alias targets that lead nowhere (no such account), or that lie
 *        beyond the expansion depth limit; mail to them cannot be delivered
 */
public record RecipientResolution(MailAddress recipient, Kind kind, List<MailAddress> accounts,
        List<MailAddress> remote, List<MailAddress> unresolved) {

    /** What an address is. */
    public enum Kind {
        /** A local account, directly or through a domain alias. */
        ACCOUNT,
        /** An address alias, expanded. */
        ALIAS,
        /** The domain is not hosted here: the mail goes elsewhere. */
        REMOTE,
        /** The domain is hosted (or a domain alias) but nothing has this address. */
        UNKNOWN
    }

    /**
     * Creates the value with unmodifiable copies of the lists.
     *
     * @param recipient the resolved address
     * @param kind the kind
     * @param accounts local accounts
     * @param remote remote addresses
     * @param unresolved dead local targets
     */
    public RecipientResolution {
        accounts = List.copyOf(accounts);
        remote = List.copyOf(remote);
        unresolved = List.copyOf(unresolved);
    }

    /**
     * Tells whether the address is one IEMS is responsible for (hosted domain or domain alias).
     *
     * @return {@code true} unless the kind is {@link Kind#REMOTE}
     */
    public boolean isLocalDomain() {
        return kind != Kind.REMOTE;
    }
}
