package org.iems.net.internal.access;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts events per key over a sliding window, in bounded memory: at most {@code maxKeys} keys
 * (the least recently touched is forgotten first) and at most {@link #CAP} events per key, which
 * is more than any policy here needs to tell apart, kept as a ring of epoch milliseconds (256
 * bytes a key). Attackers choose the keys (addresses, login names), so neither may grow without
 * bound: 100,000 keys take at most about 30 MB. Thread-safe.
 *
 * @param <K> the key: a client address group or an account name
 */
public final class WindowedCounter<K> {

    /** Events remembered per key; counts stop growing there. */
    static final int CAP = 32;

    private final Duration window;
    private final Clock clock;
    private final Map<K, Ring> events;

    /** The times of a key's latest events, oldest first. */
    private static final class Ring {
        final long[] times = new long[CAP];
        int first;
        int size;

        void add(long time) {
            times[(first + size) % CAP] = time;
            if (size < CAP) {
                size++;
            } else {
                first = (first + 1) % CAP;
            }
        }

        /** Drops the events at or before the cutoff; returns how many remain. */
        int dropUpTo(long cutoff) {
            while (size > 0 && times[first] <= cutoff) {
                first = (first + 1) % CAP;
                size--;
            }
            return size;
        }
    }

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
            protected boolean removeEldestEntry(Map.Entry<K, Ring> eldest) {
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
        Ring recent = events.computeIfAbsent(key, k -> new Ring());
        recent.add(clock.millis());
        return prune(key, recent);
    }

    /**
     * The key's events within the window.
     *
     * @param key the key
     * @return the count, 0 for a key never seen or quiet for a window
     */
    public synchronized int count(K key) {
        Ring recent = events.get(key);
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

    private int prune(K key, Ring recent) {
        int left = recent.dropUpTo(clock.millis() - window.toMillis());
        if (left == 0) {
            events.remove(key);
        }
        return left;
    }
}
