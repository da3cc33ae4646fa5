package org.iems.api.queue;

/** What a delivery attempt came to. */
public sealed interface DeliveryResult {

    /**
     * Delivered (or handed to the next hop, which took responsibility).
     *
     * @param detail for the log: the remote reply, the mailbox and UID …
     */
    record Delivered(String detail) implements DeliveryResult {
    }

    /**
     * A temporary failure (4xx, over quota, a peer down): try again later, until the time to live.
     *
     * @param reason for the log and the delay notification
     */
    record TemporaryFailure(String reason) implements DeliveryResult {
    }

    /**
     * A permanent failure (5xx, no such user): the recipient bounces; the sender is notified.
     *
     * @param status the enhanced status code (RFC 3463), e.g. {@code 5.1.1}
     * @param reason for the log and the notification
     */
    record PermanentFailure(String status, String reason) implements DeliveryResult {
    }
}
