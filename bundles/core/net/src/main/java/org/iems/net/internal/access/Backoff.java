package org.iems.net.internal.access;

import java.time.Duration;

/**
 * The delay an offending client waits: nothing for the first {@code free} offences, then one
 * second doubling with each further offence, up to {@code max}.
 *
 * @param free offences that cost nothing (typing errors happen)
 * @param max the longest delay; {@link Duration#ZERO} turns delays off
 */
public record Backoff(int free, Duration max) {

    /** The first delay past the free offences. */
    static final Duration FIRST = Duration.ofSeconds(1);

    /**
     * The delay for a count of recent offences.
     *
     * @param offences offences within the window, the current one not included
     * @return how long to hold the reply back
     */
    public Duration delay(int offences) {
        int beyond = offences - free;
        if (beyond < 0 || max.isZero()) {
            return Duration.ZERO;
        }
        Duration delay = FIRST.multipliedBy(1L << Math.min(beyond, 30));
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
