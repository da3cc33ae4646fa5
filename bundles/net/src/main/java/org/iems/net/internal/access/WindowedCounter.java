package org.iems.net.internal.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts events per key over a sliding window, in bounded memory: at most {@code maxKeys} keys
 * (the least recently touched is forgotten first) and at most {@link #CAP} events per key, which
 * is more than any policy here needs to tell apart. Attackers choose the keys (addresses, login
 * names), so neither may grow without bound. Thread-safe.
 *
 * @param <K> the key: a client address group or an account name
 */
public final class WindowedCounter<K> {

    /** Events remembered per key; counts stop growing there. */
    static final int CAP = 64;

    private final Duration window;
    private final Clock clock;
    private final Map<K, Deque<Instant>> events;

    /**
     * @param window how long an event counts
     * @param maxKeys most keys remembered
     * @param clock the time source
     */
    public WindowedCounter(Duration window, int maxKeys, Clock clock) {
        this.window = window;
        this.clock = clock;
        this.events = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Deque<Instant>> eldest) {
                return size() > maxKeys;
            }
        };
    }

    /**
     * Records one event.
     *
     * @param key whose event
     * @return the key's events within the window, this one included
     */
    public synchronized int record(K key) {
        Deque<Instant> recent = events.computeIfAbsent(key, k -> new ArrayDeque<>());
        recent.addLast(clock.instant());
        if (recent.size() > CAP) {
            recent.removeFirst();
        }
        return prune(key, recent);
    }

    /**
     * The key's events within the window.
     *
     * @param key the key
     * @return the count, 0 for a key never seen or quiet for a window
     */
    public synchronized int count(K key) {
        Deque<Instant> recent = events.get(key);
        return recent == null ? 0 : prune(key, recent);
    }

    /**
     * Forgets a key's events.
     *
     * @param key the key
     */
    public synchronized void clear(K key) {
        events.remove(key);
    }

    private int prune(K key, Deque<Instant> recent) {
        Instant cutoff = clock.instant().minus(window);
        while (!recent.isEmpty() && !recent.peekFirst().isAfter(cutoff)) {
            recent.removeFirst();
        }
        if (recent.isEmpty()) {
            events.remove(key);
        }
        return recent.size();
    }
}
