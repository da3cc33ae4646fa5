package org.iems.queue.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Locale;

/**
 * Queue ids: the time in milliseconds and random bits, base-36, upper case (e.g.
 * {@code LZ4K2W1Q8X3F7A}), short enough for log lines, unique across nodes sharing a database.
 */
final class QueueIds {

    private final SecureRandom random = new SecureRandom();
    private final Clock clock;

    QueueIds(Clock clock) {
        this.clock = clock;
    }

    String next() {
        long r = random.nextLong() & Long.MAX_VALUE;
        return (Long.toString(clock.millis(), 36) + Long.toString(r, 36)).toUpperCase(Locale.ROOT);
    }
}
