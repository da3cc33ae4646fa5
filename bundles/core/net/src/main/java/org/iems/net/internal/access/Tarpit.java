package org.iems.net.internal.access;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slows down clients that make errors by the hundred, the way address harvesters guess recipients:
 * errors are counted per connection and per client (address or IPv6 prefix) across connections, so
 * that reconnecting starts nothing afresh; past each count's free errors, replies wait by a
 * {@link Backoff} that doubles per error.
 */
public final class Tarpit {

    private static final Logger LOG = LoggerFactory.getLogger(Tarpit.class);
    private static final int MAX_KEYS = 100_000;

    private final Backoff perConnection;
    private final Backoff perClient;
    private final Duration window;
    private final AddressGroups groups;
    private final WindowedCounter<InetAddress> byClient;

    /**
     * @param freePerConnection errors one connection makes at no cost
     * @param freePerClient errors one client makes at no cost over its connections within the window
     * @param max the longest delay; zero turns the tarpit off
     * @param window how long an error counts against the client
     * @param groups how client addresses are grouped
     * @param clock the time source
     */
    public Tarpit(int freePerConnection, int freePerClient, Duration max, Duration window, AddressGroups groups,
            Clock clock) {
        this.perConnection = new Backoff(freePerConnection, max);
        this.perClient = new Backoff(freePerClient, max);
        this.window = window;
        this.groups = groups;
        this.byClient = new WindowedCounter<>(window, MAX_KEYS, clock);
    }

    /**
     * Records one error and tells how long its reply waits.
     *
     * @param client the client's address
     * @param connectionErrors the errors this connection made before this one
     * @return the delay, zero while within the free errors
     */
    public Duration offence(InetAddress client, int connectionErrors) {
        InetAddress group = groups.groupOf(client);
        int before = byClient.record(group) - 1;
        if (before == perClient.free()) {
            LOG.warn("tarpit: client {} made {} errors within {} s; its replies are delayed, up to {} s, until it stops",
                    groups.describe(group), before, window.toSeconds(), perClient.max().toSeconds());
        }
        Duration a = perConnection.delay(connectionErrors);
        Duration b = perClient.delay(before);
        return a.compareTo(b) >= 0 ? a : b;
    }
}
