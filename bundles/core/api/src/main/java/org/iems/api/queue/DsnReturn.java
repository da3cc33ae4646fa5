package org.iems.api.queue;

/** What a failure notification returns of the message (RFC 3461 RET). */
public enum DsnReturn {
    /** The whole message. */
    FULL,
    /** Its headers only. */
    HEADERS
}
