package org.iems.api.queue;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A way out of the queue: local delivery, SMTP, mailing lists, BSMTP … A channel is an OSGi
 * service with the service property {@code channel} set to its {@link #name()}; the queue's
 * dispatcher claims due recipients routed to it and calls {@link #deliver}. While no service of a
 * channel is registered (its bundle is stopped or being updated) its recipients wait in the queue.
 */
@ConsumerType
public interface DeliveryChannel {

    /**
     * Returns the channel's name, as the router uses it ({@code local}, {@code smtp} …).
     *
     * @return the name
     */
    String name();

    /**
     * Attempts one delivery. Must be idempotent on {@link Delivery#deliveryKey()}. Exceptions
     * count as temporary failures.
     *
     * @param delivery the claimed recipient
     * @return what happened
     */
    DeliveryResult deliver(Delivery delivery);
}
