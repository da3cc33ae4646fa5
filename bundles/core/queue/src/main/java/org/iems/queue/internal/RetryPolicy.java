package org.iems.queue.internal;

import java.time.Duration;

/**
 * When a deferred recipient is tried again: {@code initial}, then doubling after each attempt, at
 * most {@code max} apart; how long a message may wait; when its sender is told of the delay.
 *
 * @param initial the delay after the first failed attempt
 * @param max the longest delay
 * @param ttl how long a message may stay in the queue before its undelivered recipients expire
 * @param spam the shorter time to live of spam-tagged messages and their notifications
 * @param delayWarning how long a recipient may wait before the sender is told it is delayed
 *        (RFC 3464 "delayed"); zero = never
 */
public record RetryPolicy(Duration initial, Duration max, Duration ttl, SpamTtl spam, Duration delayWarning) {

    /**
     * A policy without a spam time to live and without delay warnings.
     *
     * @param initial the delay after the first failed attempt
     * @param max the longest delay
     * @param ttl the time to live
     */
    public RetryPolicy(Duration initial, Duration max, Duration ttl) {
        this(initial, max, ttl, SpamTtl.NONE, Duration.ZERO);
    }

    /** The delay after the given number of attempts (1 = after the first). */
    public Duration delayAfter(int attempts) {
        Duration delay = initial;
        for (int i = 1; i < attempts && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
