package org.iems.imapd.internal.session;

/** What the connection does after a command. */
public enum Next {
    /** Reads the next command. */
    READ,
    /** Starts TLS, dropping what the client sent after STARTTLS. */
    START_TLS,
    /** Inflates what the client sends from now on (COMPRESS=DEFLATE; the responses are deflated already). */
    COMPRESS,
    /** Closes the connection once the responses are out. */
    CLOSE
}
