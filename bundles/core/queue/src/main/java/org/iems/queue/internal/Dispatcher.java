package org.iems.queue.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.iems.api.queue.Delivery;
import org.iems.api.queue.DeliveryOutcome;
import org.iems.api.queue.DeliveryChannel;
import org.iems.api.queue.DeliveryResult;
import org.iems.api.queue.DeliveryQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands due recipients to their channel and records the outcome. A channel that throws counts
 * as a temporary failure: the recipient is retried, never lost.
 */
public final class Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final DeliveryQueue queue;
    private final Duration lease;

    public Dispatcher(DeliveryQueue queue, Duration lease) {
        this.queue = queue;
        this.lease = lease;
    }

    /**
     * Delivers one batch of a channel's due recipients and records the outcomes in one step.
     *
     * @return how many were attempted
     */
    public int runOnce(DeliveryChannel channel, int max) {
        List<Delivery> batch = queue.claim(channel.name(), max, lease);
        List<DeliveryOutcome> outcomes = new ArrayList<>(batch.size());
        for (Delivery delivery : batch) {
            outcomes.add(new DeliveryOutcome(delivery, attempt(channel, delivery)));
        }
        queue.record(outcomes);
        return batch.size();
    }

    private static DeliveryResult attempt(DeliveryChannel channel, Delivery delivery) {
        try {
            return channel.deliver(delivery);
        } catch (RuntimeException e) {
            LOG.warn("{}: channel {} failed: {}", delivery.deliveryKey(), channel.name(), e.toString());
            return new DeliveryResult.TemporaryFailure("4.3.0 channel " + channel.name() + " failed: " + e);
        }
    }
}
