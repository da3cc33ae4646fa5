package org.iems.smtpc.internal;

import java.util.List;

/** What DNS said about a target. */
sealed interface Resolution {

    /**
     * The addresses to try, in order: MX hosts by preference, each host's addresses.
     *
     * @param hosts the addresses, at least one
     */
    record Hosts(List<HostAddress> hosts) implements Resolution {
        public Hosts {
            hosts = List.copyOf(hosts);
        }
    }

    /**
     * The domain cannot receive mail, ever: it does not exist, or publishes a null MX (RFC 7505).
     *
     * @param status the enhanced status code
     * @param reason the reason
     */
    record Undeliverable(String status, String reason) implements Resolution {
    }

    /**
     * DNS could not answer now, or no host has an address: try again later.
     *
     * @param reason the reason
     */
    record Unavailable(String reason) implements Resolution {
    }
}
