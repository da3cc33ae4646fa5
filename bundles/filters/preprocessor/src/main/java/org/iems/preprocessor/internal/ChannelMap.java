package org.iems.preprocessor.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.iems.api.config.ListSettings;
import org.iems.api.mail.DomainName;
import org.iems.api.mail.MailAddress;

/**
 * Recipients that leave through a channel other than the default one: an address (a batch SMTP
 * receiving address, say) or a remote domain (mail for a partner sent as batch SMTP).
 */
final class ChannelMap {

    /** No exceptions: local accounts go to {@code local}, other domains to {@code smtp}. */
    static final ChannelMap NONE = new ChannelMap(Map.of(), Map.of());

    private final Map<String, String> addresses;
    private final Map<DomainName, String> domains;

    private ChannelMap(Map<String, String> addresses, Map<DomainName, String> domains) {
        this.addresses = addresses;
        this.domains = domains;
    }

    /**
     * Reads {@code key=channel} entries separated by commas or white space; a key with {@code @} is
     * an address, otherwise a domain.
     *
     * @param text the entries
     * @return the map
     * @throws IllegalArgumentException if an entry is malformed
     */
    static ChannelMap parse(String[] text) {
        Map<String, String> addresses = new HashMap<>();
        Map<DomainName, String> domains = new HashMap<>();
        for (String entry : ListSettings.items(text)) {
            int equals = entry.lastIndexOf('=');
            if (equals <= 0 || equals == entry.length() - 1) {
                throw new IllegalArgumentException("channel map entry must be address=channel or domain=channel: "
                        + entry);
            }
            String key = entry.substring(0, equals);
            String channel = entry.substring(equals + 1);
            if (key.contains("@")) {
                addresses.put(MailAddress.parse(key).key(), channel);
            } else {
                domains.put(DomainName.parse(key), channel);
            }
        }
        return new ChannelMap(Map.copyOf(addresses), Map.copyOf(domains));
    }

    /** The channel for this very address, if one is set. */
    Optional<String> forAddress(MailAddress address) {
        return Optional.ofNullable(addresses.get(address.key()));
    }

    /** The channel for a remote address's domain, if one is set. */
    Optional<String> forDomain(DomainName domain) {
        return Optional.ofNullable(domains.get(domain));
    }
}
