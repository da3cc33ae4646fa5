package org.iems.queue.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import org.iems.api.queue.DeliveryChannel;
import org.iems.api.queue.MessageQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads that deliver one channel's recipients: each claims a batch, delivers it through
 * the {@link Dispatcher}, and when nothing is due waits for new work or the next second (when
 * deferred recipients may fall due).
 */
final class ChannelWorkers {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelWorkers.class);
    private static final Duration IDLE_WAIT = Duration.ofSeconds(1);

    private final DeliveryChannel channel;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    ChannelWorkers(DeliveryChannel channel, MessageQueue queue, Dispatcher dispatcher, int count, IntSupplier batch) {
        this.channel = channel;
        for (int i = 1; i <= count; i++) {
            Thread t = new Thread(() -> loop(queue, dispatcher, batch), "iems-queue-" + channel.name() + "-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    private void loop(MessageQueue queue, Dispatcher dispatcher, IntSupplier batch) {
        while (running) {
            try {
                if (dispatcher.runOnce(channel, Math.max(1, batch.getAsInt())) == 0) {
                    queue.awaitActivity(IDLE_WAIT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // the database is unreachable or the like: nothing was lost, the claims lapse and are retried
                LOG.warn("Channel {}: delivery round failed: {}", channel.name(), e.toString());
                sleepAfterFailure();
            }
        }
    }

    private void sleepAfterFailure() {
        try {
            Thread.sleep(IDLE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Stops the threads, waiting for deliveries in progress to end. */
    void stop() {
        running = false;
        threads.forEach(Thread::interrupt);
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
