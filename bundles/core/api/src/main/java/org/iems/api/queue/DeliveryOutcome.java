package org.iems.api.queue;

import java.util.Objects;

/**
 * What became of one claimed delivery, for {@link DeliveryQueue#record(java.util.List)}.
 *
 * @param delivery the claimed delivery
 * @param result what the channel reported
 */
public record DeliveryOutcome(Delivery delivery, DeliveryResult result) {

    /**
     * Checks that both parts are present.
     *
     * @param delivery the claimed delivery
     * @param result what the channel reported
     */
    public DeliveryOutcome {
        Objects.requireNonNull(delivery, "delivery");
        Objects.requireNonNull(result, "result");
    }
}
