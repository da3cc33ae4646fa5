package org.iems.smtpc.internal;

import java.util.ArrayList;
import java.util.List;
import org.iems.api.queue.DeliveryOutcome;
import org.iems.api.queue.DeliveryQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the outcomes of all connections in the queue, many in one durable step (group commit):
 * connections hand their outcomes over and go on with the next message. If recording fails (the
 * database is away), the outcomes are kept and tried again a second later; if the process dies
 * first, the claims lapse and the recipients are tried again, as after any crash.
 */
final class OutcomeRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(OutcomeRecorder.class);
    private static final int MAX_BATCH = 500;

    private final DeliveryQueue queue;
    private final List<DeliveryOutcome> pending = new ArrayList<>();
    private final Thread thread;
    private boolean running = true;

    OutcomeRecorder(DeliveryQueue queue, String threadName) {
        this.queue = queue;
        this.thread = new Thread(this::loop, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Hands outcomes over to be recorded soon. */
    synchronized void record(List<DeliveryOutcome> outcomes) {
        pending.addAll(outcomes);
        notifyAll();
    }

    /** Records what is pending and ends the thread. */
    void stop() {
        synchronized (this) {
            running = false;
            notifyAll();
        }
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        while (true) {
            List<DeliveryOutcome> batch;
            synchronized (this) {
                while (pending.isEmpty() && running) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                if (pending.isEmpty()) {
                    return;
                }
                List<DeliveryOutcome> head = pending.subList(0, Math.min(MAX_BATCH, pending.size()));
                batch = new ArrayList<>(head);
                head.clear();
            }
            try {
                queue.record(batch);
            } catch (RuntimeException e) {
                LOG.warn("smtp channel: recording {} outcome(s) failed, trying again: {}", batch.size(), e.toString());
                synchronized (this) {
                    pending.addAll(0, batch);
                }
                pause();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
