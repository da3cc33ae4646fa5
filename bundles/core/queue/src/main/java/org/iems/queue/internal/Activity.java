package org.iems.queue.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Who has new work: the queue's parts announce changes here, and workers wait here instead of
 * sleeping, so mail moves on at once. The preprocessor and the notifier wake at every change; a
 * channel's workers only when recipients are routed to that channel or mail is released or made
 * due for every channel. Work that falls due by time (a retry) is found at the next timed wake-up.
 */
final class Activity {

    private final Object lock = new Object();
    /** Counts every change that may mean new work (guarded by {@link #lock}). */
    private long generation;
    /** Counts changes that may mean new work for every channel (guarded by {@link #lock}). */
    private long everyChannel;
    /** Counts routings to each channel (guarded by {@link #lock}). */
    private final Map<String, Long> routedTo = new HashMap<>();

    /** Work for anyone: the preprocessor, the notifier and every channel. */
    void everyone() {
        synchronized (lock) {
            generation++;
            everyChannel++;
            lock.notifyAll();
        }
    }

    /** A new entry: work for the preprocessor, none for the channels yet. */
    void newEntry() {
        synchronized (lock) {
            generation++;
            lock.notifyAll();
        }
    }

    /** Recipients routed to these channels. */
    void routed(Set<String> channels) {
        synchronized (lock) {
            generation++;
            channels.forEach(c -> routedTo.merge(c, 1L, Long::sum));
            lock.notifyAll();
        }
    }

    /** Waits for any change, at most the given time; whether there was one. */
    boolean await(Duration max) throws InterruptedException {
        return await(max, () -> generation);
    }

    /** Waits for work for the channel, at most the given time; whether there was some. */
    boolean await(String channel, Duration max) throws InterruptedException {
        return await(max, () -> everyChannel + routedTo.getOrDefault(channel, 0L));
    }

    /** A counter read under {@link #lock}. */
    @FunctionalInterface
    private interface Counter {
        long get();
    }

    private boolean await(Duration max, Counter counter) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (lock) {
            long seen = counter.get();
            long left = max.toNanos();
            while (counter.get() == seen && left > 0) {
                lock.wait(Math.max(1, left / 1_000_000));
                left = deadline - System.nanoTime();
            }
            return counter.get() != seen;
        }
    }
}
