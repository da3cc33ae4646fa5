package org.iems.queue.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Who has new work: the queue's parts announce changes here, and workers wait here instead of
 * sleeping, so mail moves on at once. The preprocessor and the notifier wake at every change; a
 * channel's workers only when recipients are routed to that channel or mail is released or made
 * due for every channel. Work that falls due by time (a retry) is found at the next timed wake-up.
 *
 * <p>Each kind of waiter waits on a condition of its own, so a change wakes only the threads it
 * concerns: a message for the local channel does not wake the SMTP client's and the batch SMTP
 * channel's threads to find nothing for them (a context switch each, per message, under load).
 */
final class Activity {

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled at every change. */
    private final Condition anyChange = lock.newCondition();
    /** Signalled when a channel has new work, by channel name (guarded by {@link #lock}). */
    private final Map<String, Condition> channelWork = new HashMap<>();
    /** Counts every change that may mean new work (guarded by {@link #lock}). */
    private long generation;
    /** Counts changes that may mean new work for every channel (guarded by {@link #lock}). */
    private long everyChannel;
    /** Counts routings to each channel (guarded by {@link #lock}). */
    private final Map<String, Long> routedTo = new HashMap<>();

    /** Work for anyone: the preprocessor, the notifier and every channel. */
    void everyone() {
        lock.lock();
        try {
            generation++;
            everyChannel++;
            anyChange.signalAll();
            channelWork.values().forEach(Condition::signalAll);
        } finally {
            lock.unlock();
        }
    }

    /** A new entry: work for the preprocessor, none for the channels yet. */
    void newEntry() {
        lock.lock();
        try {
            generation++;
            anyChange.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Recipients routed to these channels. */
    void routed(Set<String> channels) {
        lock.lock();
        try {
            generation++;
            anyChange.signalAll();
            for (String channel : channels) {
                routedTo.merge(channel, 1L, Long::sum);
                channelCondition(channel).signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits for any change, at most the given time; whether there was one. */
    boolean await(Duration max) throws InterruptedException {
        return await(max, () -> anyChange, () -> generation);
    }

    /** Waits for work for the channel, at most the given time; whether there was some. */
    boolean await(String channel, Duration max) throws InterruptedException {
        return await(max, () -> channelCondition(channel), () -> everyChannel + routedTo.getOrDefault(channel, 0L));
    }

    /** The channel's condition, made at its first use (under {@link #lock}). */
    private Condition channelCondition(String channel) {
        return channelWork.computeIfAbsent(channel, c -> lock.newCondition());
    }

    /** A counter read under {@link #lock}. */
    @FunctionalInterface
    private interface Counter {
        long get();
    }

    /** Waits on the condition (looked up under {@link #lock}) until the counter moves or the time is up. */
    private boolean await(Duration max, Supplier<Condition> waitOn, Counter counter) throws InterruptedException {
        lock.lock();
        try {
            Condition condition = waitOn.get();
            long seen = counter.get();
            long left = max.toNanos();
            while (counter.get() == seen && left > 0) {
                left = condition.awaitNanos(left);
            }
            return counter.get() != seen;
        } finally {
            lock.unlock();
        }
    }
}
