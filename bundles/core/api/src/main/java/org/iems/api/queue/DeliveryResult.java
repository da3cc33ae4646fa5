package org.iems.api.queue;

/** What a delivery attempt came to. */
public sealed interface DeliveryResult {

    /**
     * Delivered (or handed to the next hop, which took responsibility). A recipient that asked for
     * NOTIFY=SUCCESS (RFC 3461) has its sender told, unless the next hop took the request on.
     *
     * @param detail for the log: the remote reply, the mailbox and UID …
     * @param kind where the message went, which decides the success notice
     */
    record Delivered(String detail, Kind kind) implements DeliveryResult {

        /**
         * Final delivery into the recipient's mailbox.
         *
         * @param detail for the log
         */
        public Delivered(String detail) {
            this(detail, Kind.FINAL);
        }

        /** Where a delivered message went (RFC 3461 section 6.2.6). */
        public enum Kind {
            /** Into the recipient's mailbox: a success notice says "delivered". */
            FINAL,
            /** To a next hop that takes no DSN requests: a success notice says "relayed", the last one. */
            RELAYED,
            /** To a next hop that took the DSN request with the message: it sends any success notice. */
            PASSED_ON
        }
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
