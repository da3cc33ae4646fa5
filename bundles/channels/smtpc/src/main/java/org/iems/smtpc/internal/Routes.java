package org.iems.smtpc.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.iems.api.mail.DomainName;
import org.iems.api.route.RemoteRoute.Source;

/**
 * The routing table of the {@code smtp} channel: a transport map entry for the domain first, then
 * the smart host if there is one, then the domain's MX records.
 */
final class Routes {

    static final int SMTP_PORT = 25;

    private final Map<String, Target> transports;
    private final Optional<Target> smartHost;
    private final Set<String> tlsDomains;
    private final Set<String> peerDomains;
    private final boolean authNeedsTls;

    private Routes(Map<String, Target> transports, Optional<Target> smartHost, Set<String> tlsDomains,
            Set<String> peerDomains, boolean authNeedsTls) {
        this.transports = transports;
        this.smartHost = smartHost;
        this.tlsDomains = tlsDomains;
        this.peerDomains = peerDomains;
        this.authNeedsTls = authNeedsTls;
    }

    /**
     * Reads the routing configuration.
     *
     * @param transportMap entries {@code domain=nexthop}, separated by commas or white space
     * @param smartHost a next hop for all other mail, or empty
     * @param credentials the smart host's AUTH credentials, if any
     * @param tlsDomains domains that get mail only over TLS
     * @param peerDomains peer domains
     * @param authNeedsTls whether credentials are sent only over TLS
     * @return the routes
     * @throws IllegalArgumentException if an entry is malformed
     */
    static Routes of(List<String> transportMap, String smartHost, Optional<Target.Credentials> credentials,
            List<String> tlsDomains, List<String> peerDomains, boolean authNeedsTls) {
        Map<String, Target> transports = new HashMap<>();
        for (String entry : transportMap) {
            int equals = entry.indexOf('=');
            if (equals <= 0 || equals == entry.length() - 1) {
                throw new IllegalArgumentException("transport map entry must be domain=nexthop: " + entry);
            }
            transports.put(domain(entry.substring(0, equals)), nextHop(entry.substring(equals + 1), Optional.empty()));
        }
        Optional<Target> relay = smartHost.isBlank() ? Optional.empty()
                : Optional.of(nextHop(smartHost.strip(), credentials));
        return new Routes(Map.copyOf(transports), relay, domains(tlsDomains), domains(peerDomains), authNeedsTls);
    }

    /**
     * The route for a recipient domain.
     *
     * @param domain the domain
     * @return the route
     */
    Route route(DomainName domain) {
        String name = domain.ascii();
        Target mapped = transports.get(name);
        Source source = mapped != null ? Source.TRANSPORT_MAP : smartHost.isPresent() ? Source.SMART_HOST : Source.MX;
        Target target = mapped != null ? mapped : smartHost.orElseGet(() -> direct(domain));
        boolean tls = tlsDomains.contains(name) || target.credentials().isPresent() && authNeedsTls;
        return new Route(target, source, tls, peerDomains.contains(name));
    }

    /** The domain's own MX hosts; an address literal's address. */
    private static Target direct(DomainName domain) {
        if (domain.isAddressLiteral()) {
            String address = domain.ascii().replaceAll("^\\[(?i:IPv6:)?|\\]$", "");
            return new Target(address, SMTP_PORT, false, Optional.empty());
        }
        return new Target(domain.ascii(), SMTP_PORT, true, Optional.empty());
    }

    /**
     * Parses a next hop: {@code host}, {@code host:port} (MX look-up of host) or {@code [host]},
     * {@code [host]:port} (the host itself).
     */
    static Target nextHop(String text, Optional<Target.Credentials> credentials) {
        String hostPart = text;
        int port = SMTP_PORT;
        int close = text.lastIndexOf(']');
        int colon = text.lastIndexOf(':');
        if (colon > close && (close >= 0 || text.indexOf(':') == colon)) {
            hostPart = text.substring(0, colon);
            try {
                port = Integer.parseInt(text.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid port in next hop " + text);
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("invalid port in next hop " + text);
            }
        }
        boolean bracketed = hostPart.startsWith("[") && hostPart.endsWith("]");
        String host = bracketed ? hostPart.substring(1, hostPart.length() - 1) : hostPart;
        if (host.isBlank() || host.contains(" ")) {
            throw new IllegalArgumentException("invalid next hop " + text);
        }
        return new Target(host.toLowerCase(Locale.ROOT), port, !bracketed, credentials);
    }

    private static Set<String> domains(List<String> list) {
        Set<String> domains = new HashSet<>();
        for (String word : list) {
            domains.add(domain(word));
        }
        return Set.copyOf(domains);
    }

    private static String domain(String text) {
        return DomainName.parse(text.strip()).ascii();
    }
}
