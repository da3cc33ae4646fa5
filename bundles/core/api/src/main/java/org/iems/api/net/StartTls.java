package org.iems.api.net;

/**
 * The STARTTLS step of a daemon's connection, the same for SMTP (RFC 3207 section 4.2), POP3 (RFC
 * 2595 section 4) and IMAP (RFC 3501 section 6.2.1): once the command is answered, whatever the
 * client sent after it in the same read came before TLS and is dropped (the caller resets its
 * framing), TLS starts, and the session learns of it at the next read, the first under TLS.
 *
 * @since 2.2
 */
public final class StartTls {

    private boolean pending;

    /**
     * Starts TLS on the connection after the reply to STARTTLS was written.
     *
     * @param connection the connection
     */
    public void start(Connection connection) {
        pending = true;
        connection.startTls();
    }

    /**
     * Asked at the start of each read: whether it is the first read under the TLS started last.
     *
     * @return true once after {@link #start}
     */
    public boolean justEstablished() {
        boolean first = pending;
        pending = false;
        return first;
    }
}
