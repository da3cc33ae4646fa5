package org.iems.api.queue;

/**
 * One recipient claimed for a delivery attempt. The claim is a lease: if the worker neither
 * completes, defers nor bounces it before the lease ends (it crashed, its bundle stopped), the
 * recipient becomes due again. A channel must therefore make its delivery idempotent on
 * {@link #deliveryKey()}, so a retry after a crash does not deliver twice.
 *
 * @param deliveryKey a key unique to this entry and final recipient, stable across attempts
 * @param entry the queue entry
 * @param recipient the final recipient to deliver to
 * @param attempt this attempt's number, from 1
 */
public record Delivery(String deliveryKey, QueueEntry entry, RecipientStatus recipient, int attempt) {
}
