package org.iems.net.internal.access;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Caps a listener's open connections per client (an address, or an IPv6 prefix as
 * {@link AddressGroups} counts it). A connection takes a
 * {@link Permit} when it opens and must close it when it ends, however it ends; closing twice
 * is harmless, so a lost close cannot leak a slot twice and a double close cannot free one too
 * many.
 */
public final class ConnectionLimiter {

    private int maxPerClient;
    private final Map<InetAddress, Integer> perClient = new HashMap<>();

    /** One admitted connection. */
    public final class Permit implements AutoCloseable {
        private final InetAddress client;
        private boolean closed;

        private Permit(InetAddress client) {
            this.client = client;
        }

        @Override
        public void close() {
            release(this);
        }
    }

    public ConnectionLimiter(int maxPerClient) {
        this.maxPerClient = maxPerClient;
    }

    /** Changes the limit; connections already admitted stay, new ones wait until under it. */
    public synchronized void setLimit(int maxPerClient) {
        this.maxPerClient = maxPerClient;
    }

    /** Admits a connection of a client (its address group), or returns empty if its limit is reached. */
    public synchronized Optional<Permit> tryAcquire(InetAddress client) {
        int mine = perClient.getOrDefault(client, 0);
        if (mine >= maxPerClient) {
            return Optional.empty();
        }
        perClient.put(client, mine + 1);
        return Optional.of(new Permit(client));
    }

    private synchronized void release(Permit permit) {
        if (permit.closed) {
            return;
        }
        permit.closed = true;
        perClient.computeIfPresent(permit.client, (k, n) -> n == 1 ? null : n - 1);
    }

    /** Open connections of one client. */
    public synchronized int of(InetAddress client) {
        return perClient.getOrDefault(client, 0);
    }
}
