package org.iems.queue.internal;

import java.time.Duration;
import java.util.function.IntSupplier;
import org.iems.api.queue.DeliveryChannel;
import org.iems.api.queue.DeliveryQueue;
import org.iems.api.work.WorkLoop;

/**
 * The threads that deliver one channel's recipients, each claiming batches through the
 * {@link Dispatcher} and waiting for work routed to the channel.
 */
final class ChannelWorkers {

    private static final Duration IDLE = Duration.ofSeconds(1);

    private final WorkLoop loop;

    ChannelWorkers(DeliveryChannel channel, DeliveryQueue queue, Dispatcher dispatcher, int count, IntSupplier batch) {
        this.loop = WorkLoop.start("iems-queue-" + channel.name(), count,
                () -> dispatcher.runOnce(channel, Math.max(1, batch.getAsInt())),
                max -> queue.awaitActivity(channel.name(), max), IDLE);
    }

    /** Stops the threads, waiting for deliveries in progress to end. */
    void stop() {
        loop.stop(Duration.ofSeconds(10));
    }
}
