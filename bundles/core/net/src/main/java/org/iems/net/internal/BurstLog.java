package org.iems.net.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Logs events that come in floods (refused connections, failed handshakes) once per burst: the
 * first event of a kind from a client is logged at once; the same event again within the quiet
 * period is only counted, and the count goes with the next line logged after the period. A scanner
 * that fails ten thousand handshakes writes a handful of lines, not ten thousand. Thread-safe,
 * bounded in memory.
 */
final class BurstLog {

    private static final int MAX_KEYS = 10_000;

    private final Duration quiet;
    private final Clock clock;
    private final Map<String, Burst> bursts = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Burst> eldest) {
            return size() > MAX_KEYS;
        }
    };

    private static final class Burst {
        Instant logged;
        long suppressed;
    }

    BurstLog(Duration quiet, Clock clock) {
        this.quiet = quiet;
        this.clock = clock;
    }

    /**
     * Tells whether to log an event.
     *
     * @param key what makes two events the same (kind and client)
     * @return -1 to leave this one out; otherwise how many like it were left out since the last
     *         one logged
     */
    synchronized long next(String key) {
        Instant now = clock.instant();
        Burst burst = bursts.computeIfAbsent(key, k -> new Burst());
        if (burst.logged != null && burst.logged.plus(quiet).isAfter(now)) {
            burst.suppressed++;
            return -1;
        }
        long suppressed = burst.suppressed;
        burst.logged = now;
        burst.suppressed = 0;
        return suppressed;
    }

    /** The tail of a logged line that says how many like it were left out. */
    static String more(long suppressed) {
        return suppressed > 0 ? " (and " + suppressed + " more like it left out of the log)" : "";
    }
}
