package org.iems.api.work;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Worker threads that claim work in rounds: each runs a round; when the round found nothing to do,
 * it waits for new work (a queue's activity, or just the time between two rounds); after a failed
 * round (the database is away …) it logs one line and pauses. A failed round loses nothing as long
 * as the work is claimed under leases, which lapse and are taken again. The one claim loop of the
 * server: the preprocessor, the queue's channels and notifier, the SMTP and batch SMTP channels
 * run on it.
 *
 * @since 1.0
 */
public final class WorkLoop {

    private static final Logger LOG = LoggerFactory.getLogger(WorkLoop.class);

    /** One round of work. */
    @FunctionalInterface
    public interface Round {
        /**
         * Does one round.
         *
         * @return how much it did: 0 makes the worker wait for new work
         * @throws InterruptedException if the worker was interrupted: it ends
         */
        int run() throws InterruptedException;
    }

    /** How a worker waits for new work after an empty round. */
    @FunctionalInterface
    public interface Waiter {
        /**
         * Waits for new work, at most the given time.
         *
         * @param max the longest wait
         * @return whether new work was announced (for the caller's information only)
         * @throws InterruptedException if the worker was interrupted: it ends
         */
        boolean await(Duration max) throws InterruptedException;
    }

    private final String name;
    private final Round round;
    private final Waiter waiter;
    private final Duration idle;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    private WorkLoop(String name, Round round, Waiter waiter, Duration idle) {
        this.name = name;
        this.round = round;
        this.waiter = waiter;
        this.idle = idle;
    }

    /**
     * Starts workers on daemon threads named {@code name-1}, {@code name-2} …
     *
     * @param name the threads' and the log's name
     * @param threads how many workers
     * @param round one round of work
     * @param waiter how a worker waits after an empty round
     * @param idle the longest wait after an empty round, and the pause after a failed one
     * @return the running loop
     */
    public static WorkLoop start(String name, int threads, Round round, Waiter waiter, Duration idle) {
        WorkLoop loop = new WorkLoop(name, round, waiter, idle);
        for (int i = 1; i <= threads; i++) {
            Thread t = new Thread(loop::run, name + "-" + i);
            t.setDaemon(true);
            loop.threads.add(t);
            t.start();
        }
        return loop;
    }

    /**
     * A waiter that only lets the time pass: for work that is found by looking, not announced.
     *
     * @return the waiter
     */
    public static Waiter sleeping() {
        return max -> {
            Thread.sleep(max.toMillis());
            return false;
        };
    }

    private void run() {
        while (running) {
            try {
                if (round.run() == 0) {
                    waiter.await(idle);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("{}: round failed: {}", name, e.toString());
                try {
                    Thread.sleep(idle.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Stops the workers: no new round starts, waits are interrupted, and rounds under way get the
     * grace time to end.
     *
     * @param grace how long to wait for each worker
     */
    public void stop(Duration grace) {
        running = false;
        threads.forEach(Thread::interrupt);
        for (Thread t : threads) {
            try {
                t.join(grace.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
