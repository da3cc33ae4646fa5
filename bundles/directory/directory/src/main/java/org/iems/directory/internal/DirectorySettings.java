package org.iems.directory.internal;

import java.time.Duration;
import java.util.Map;
import org.iems.api.auth.Protocol;
import org.iems.api.mail.DomainName;

/**
 * One consistent snapshot of the directory's configuration; replaced as a whole when the
 * configuration changes, so a running operation never sees half of an update.
 *
 * @param localDomain the domain created on first start, and the login domain of protocols
 *        that have none of their own
 * @param defaultLoginDomains each protocol's default login domain
 * @param maxAliasDepth how deep alias expansion goes
 * @param defaultQuotaBytes quota of accounts created without one; 0 = unlimited
 * @param hasher the password hasher with the configured cost
 * @param loginCacheTime how long a successful password check is remembered; zero = not at all
 */
record DirectorySettings(DomainName localDomain, Map<Protocol, DomainName> defaultLoginDomains, int maxAliasDepth,
        long defaultQuotaBytes, PasswordHasher hasher, Duration loginCacheTime) {

    DirectorySettings {
        defaultLoginDomains = Map.copyOf(defaultLoginDomains);
    }

    /** The domain a bare login name of this protocol is qualified with. */
    DomainName loginDomain(Protocol protocol) {
        return defaultLoginDomains.getOrDefault(protocol, localDomain);
    }
}
