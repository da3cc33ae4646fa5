package org.iems.api.queue;

/** The body type the message was received with (RFC 6152 BODY). */
public enum BodyType {
    /** 7-bit. */
    SEVEN_BIT,
    /** 8BITMIME. */
    EIGHT_BIT_MIME
}
