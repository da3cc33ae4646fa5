package org.iems.queue.internal;

import java.time.Duration;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker thread's loop: run a round; when it found nothing to do, wait for new work in the
 * queue or a second (retries fall due by time); after a failure (the database is away …) pause
 * a second. Nothing is lost by a failed round: claims lapse and are taken again.
 */
final class WorkLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkLoop.class);
    private static final Duration WAIT = Duration.ofSeconds(1);

    /** Waits for new work, at most the given time. */
    @FunctionalInterface
    interface Waiter {
        boolean await(Duration max) throws InterruptedException;
    }

    private final String name;
    private final Waiter waiter;
    private final IntSupplier round;
    private volatile boolean running = true;

    /**
     * @param name for the log
     * @param waiter how the loop waits for new work: the queue's activity, or a channel's
     * @param round one round of work; returns how much it did
     */
    WorkLoop(String name, Waiter waiter, IntSupplier round) {
        this.name = name;
        this.waiter = waiter;
        this.round = round;
    }

    @Override
    public void run() {
        while (running) {
            try {
                if (round.getAsInt() == 0) {
                    waiter.await(WAIT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("{}: round failed: {}", name, e.toString());
                try {
                    Thread.sleep(WAIT.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Asks the loop to end after its current round. */
    void stop() {
        running = false;
    }

    /** Starts the loop on a new daemon thread. */
    Thread start(String threadName) {
        Thread t = new Thread(this, threadName);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
