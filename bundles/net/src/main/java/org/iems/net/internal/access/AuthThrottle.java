package org.iems.net.internal.access;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Throttles password guessing per client address: after {@code maxFailures} failed logins within
 * {@code window}, further attempts from that address are refused until the oldest failure leaves
 * the window. Shared by every protocol, so a client cannot rotate between SMTP, IMAP and POP3.
 */
public final class AuthThrottle {

    private final int maxFailures;
    private final Duration window;
    private final Clock clock;
    private final Map<InetAddress, Deque<Instant>> failures = new HashMap<>();

    public AuthThrottle(int maxFailures, Duration window, Clock clock) {
        this.maxFailures = maxFailures;
        this.window = window;
        this.clock = clock;
    }

    /** Tells whether the client may try to log in now. */
    public synchronized boolean mayAttempt(InetAddress client) {
        Deque<Instant> recent = prune(client);
        return recent == null || recent.size() < maxFailures;
    }

    /** Records a failed login. */
    public synchronized void failed(InetAddress client) {
        failures.computeIfAbsent(client, k -> new ArrayDeque<>()).addLast(clock.instant());
        prune(client);
    }

    /** Forgets the client's failures after a successful login. */
    public synchronized void succeeded(InetAddress client) {
        failures.remove(client);
    }

    /** Drops failures older than the window, everywhere, so idle addresses do not pile up. */
    public synchronized void expireOld() {
        for (InetAddress client : List.copyOf(failures.keySet())) {
            prune(client);
        }
    }

    private Deque<Instant> prune(InetAddress client) {
        Deque<Instant> recent = failures.get(client);
        if (recent == null) {
            return null;
        }
        Instant cutoff = clock.instant().minus(window);
        while (!recent.isEmpty() && !recent.peekFirst().isAfter(cutoff)) {
            recent.removeFirst();
        }
        if (recent.isEmpty()) {
            failures.remove(client);
            return null;
        }
        return recent;
    }
}
