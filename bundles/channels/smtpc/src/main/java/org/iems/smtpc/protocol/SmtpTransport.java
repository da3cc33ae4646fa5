package org.iems.smtpc.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/**
 * The connection under a client session: a socket in production, pipes in tests. The session
 * says how long the next reply may take; the transport ends the connection when it takes longer.
 */
public interface SmtpTransport {

    /** The server's side, buffered. */
    InputStream input();

    /** The client's side, buffered: the session flushes it when it waits for a reply. */
    OutputStream output();

    /**
     * Sets how long reads and writes may block from now on.
     *
     * @param timeout the limit (RFC 5321 section 4.5.3.2 gives one per command)
     */
    void timeout(Duration timeout);

    /**
     * Starts TLS over the connection after the server's 220 to STARTTLS; {@link #input()} and
     * {@link #output()} then return the protected streams.
     *
     * @throws IOException if the handshake failed
     */
    void startTls() throws IOException;
}
