package org.iems.api.queue;

/** When the sender wants a delivery status notification for a recipient (RFC 3461 NOTIFY). */
public enum DsnNotify {
    /** Never. */
    NEVER,
    /** When delivered. */
    SUCCESS,
    /** When delivery failed. */
    FAILURE,
    /** When delivery is delayed. */
    DELAY
}
