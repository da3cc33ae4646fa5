package org.iems.queue.internal;

import java.time.Duration;
import java.util.function.IntSupplier;
import org.iems.api.queue.MessageQueue;
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

    private final String name;
    private final MessageQueue queue;
    private final IntSupplier round;
    private volatile boolean running = true;

    WorkLoop(String name, MessageQueue queue, IntSupplier round) {
        this.name = name;
        this.queue = queue;
        this.round = round;
    }

    @Override
    public void run() {
        while (running) {
            try {
                if (round.getAsInt() == 0) {
                    queue.awaitActivity(WAIT);
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
