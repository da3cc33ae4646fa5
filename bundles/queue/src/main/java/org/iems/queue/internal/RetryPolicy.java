package org.iems.queue.internal;

import java.time.Duration;

/**
 * When a deferred recipient is tried again: {@code initial}, then doubling after each attempt, at
 * most {@code max} apart.
 *
 * @param initial the delay after the first failed attempt
 * @param max the longest delay
 * @param ttl how long a message may stay in the queue before its undelivered recipients expire
 */
public record RetryPolicy(Duration initial, Duration max, Duration ttl) {

    /** The delay after the given number of attempts (1 = after the first). */
    public Duration delayAfter(int attempts) {
        Duration delay = initial;
        for (int i = 1; i < attempts && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
