package org.iems.api.store;

/** How a flag update treats the flags given (IMAP STORE, RFC 3501 section 6.4.6). */
public enum FlagChange {
    /** Add them to each message's flags ({@code +FLAGS}). */
    ADD,
    /** Remove them from each message's flags ({@code -FLAGS}). */
    REMOVE,
    /** Make them each message's flags ({@code FLAGS}). */
    REPLACE
}
