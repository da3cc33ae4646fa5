package org.iems.queue.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import org.iems.api.queue.DeliveryChannel;
import org.iems.api.queue.MessageQueue;

/**
 * The threads that deliver one channel's recipients, each claiming batches through the
 * {@link Dispatcher}.
 */
final class ChannelWorkers {

    private final List<WorkLoop> loops = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    ChannelWorkers(DeliveryChannel channel, MessageQueue queue, Dispatcher dispatcher, int count, IntSupplier batch) {
        for (int i = 1; i <= count; i++) {
            WorkLoop loop = new WorkLoop("channel " + channel.name(),
                    max -> queue.awaitActivity(channel.name(), max),
                    () -> dispatcher.runOnce(channel, Math.max(1, batch.getAsInt())));
            loops.add(loop);
            threads.add(loop.start("iems-queue-" + channel.name() + "-" + i));
        }
    }

    /** Stops the threads, waiting for deliveries in progress to end. */
    void stop() {
        loops.forEach(WorkLoop::stop);
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
