package org.iems.api.route;

import java.util.List;
import java.util.Optional;

/**
 * Where mail for one domain goes.
 *
 * @param source what decided the next hop
 * @param nextHop the next hop as configured or derived: {@code example.com} (its MX records),
 *        {@code [relay.example]:587} (that host itself)
 * @param tlsRequired whether the mail goes only over TLS
 * @param peer whether the domain is a peer (receives IEMS's pass-through headers)
 * @param addresses the servers in the order they would be tried, as {@code host[address]:port}
 * @param problem why there are no addresses, as an enhanced status code and text (a null MX, a
 *        domain that does not exist, DNS unavailable), if so
 */
public record RemoteRoute(Source source, String nextHop, boolean tlsRequired, boolean peer, List<String> addresses,
        Optional<String> problem) {

    /** What decided the next hop. */
    public enum Source {
        /** An entry of the transport map. */
        TRANSPORT_MAP,
        /** The smart host. */
        SMART_HOST,
        /** The domain's MX records (or its own address). */
        MX
    }

    /**
     * Creates the value with an unmodifiable copy of the addresses.
     *
     * @param source the source
     * @param nextHop the next hop
     * @param tlsRequired TLS required
     * @param peer a peer domain
     * @param addresses the addresses
     * @param problem the problem
     */
    public RemoteRoute {
        addresses = List.copyOf(addresses);
    }
}
