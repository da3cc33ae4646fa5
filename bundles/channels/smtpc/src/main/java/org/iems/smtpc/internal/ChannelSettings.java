package org.iems.smtpc.internal;

import java.time.Duration;

/**
 * The channel's whole configuration as one immutable value, replaced as a whole on a change.
 *
 * @param routes the routing table
 * @param dns the resolver
 * @param client what connections use
 * @param destinationConcurrency the most connections to one destination
 * @param maxConnections the most connections in all
 * @param recipientLimit the most recipients in one transaction
 * @param reuseWait how long an open connection waits for more mail to its destination before QUIT
 * @param lease how long a claim lasts
 * @param backlog the most recipients claimed and not yet attempted
 */
record ChannelSettings(Routes routes, DnsResolver dns, ClientSettings client, int destinationConcurrency,
        int maxConnections, int recipientLimit, Duration reuseWait, Duration lease, int backlog) {
}
