package org.iems.api.directory;

import java.util.List;
import org.iems.api.mail.DomainName;
import org.iems.api.mail.MailAddress;

/**
 * An account that administers some hosted domains (used by the delegated web administration).
 *
 * @param account the administrator's account
 * @param domains the domains it administers, sorted by name
 */
public record DomainAdmin(MailAddress account, List<DomainName> domains) {

    /**
     * Creates the value with an unmodifiable copy of the domains.
     *
     * @param account the administrator's account
     * @param domains the administered domains
     */
    public DomainAdmin {
        domains = List.copyOf(domains);
    }
}
