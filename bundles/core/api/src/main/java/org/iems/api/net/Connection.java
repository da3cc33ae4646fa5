package org.iems.api.net;

import java.net.InetSocketAddress;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One client connection, as a protocol handler sees it.
 */
@ProviderType
public interface Connection {

    /**
     * The client's address.
     *
     * @return address and port
     */
    InetSocketAddress remoteAddress();

    /**
     * The listener's name ({@link ListenerSpec#name()}) this connection came in on.
     *
     * @return the name
     */
    String listenerName();

    /**
     * Whether the client address is in the listener's trusted ranges.
     *
     * @return whether trusted
     */
    boolean trusted();

    /**
     * The negotiated TLS protocol, once TLS is on.
     *
     * @return for example {@code TLSv1.3}, or empty on a plaintext connection
     */
    Optional<String> tlsProtocol();

    /**
     * The negotiated cipher suite, once TLS is on.
     *
     * @return the suite name, or empty on a plaintext connection
     */
    Optional<String> tlsCipher();

    /**
     * Sends bytes (encrypted when TLS is on). Returns at once while little is queued for the
     * client; once 64 KB wait, it waits until they have left, so a handler that streams a large
     * message holds bounded memory. A client that reads nothing for two minutes is disconnected.
     *
     * @param bytes what to send
     */
    void write(byte[] bytes);

    /**
     * Starts TLS as the server (STARTTLS, STLS): waits until everything written so far has left in
     * plaintext, then expects the client's handshake. The handler must throw away any bytes it
     * still holds from before (RFC 3207 section 4.2: plaintext pipelined after the command must
     * never be taken as if it came under TLS).
     *
     * @throws IllegalStateException if TLS is already on or not available
     */
    void startTls();

    /**
     * Closes the connection once what was written has been sent.
     */
    void close();

    /**
     * Call before checking a password. If the client (its address, or its IPv6 prefix) or the
     * account named has failed to log in too often recently, everything written from now on,
     * the reply to this attempt included, leaves only after a delay that doubles with each
     * further failure (up to the network configuration's longest), and nothing more is read from
     * the client meanwhile. The right password is never refused for it, only answered late. Never
     * blocks the caller.
     *
     * @param login the login name about to be checked
     */
    void beforeLogin(String login);

    /**
     * Records a login attempt: one log line with protocol, user, client address and outcome, and
     * the failure counts {@link #beforeLogin} reads. A success makes this a logged-in connection:
     * from then on it has the listener's longer idle timeout and is never shed to make room for
     * others.
     *
     * @param protocol the protocol name, for example {@code smtp}
     * @param user the login name as given (never the password)
     * @param success whether it succeeded
     */
    void loginAttempted(String protocol, String user, boolean success);

    /**
     * Records a client error of the kind address harvesters make by the thousand (an unknown
     * recipient), counted for this connection and for the client across its connections. Past
     * the free errors, what is written from now on leaves late, as after {@link #beforeLogin},
     * with a delay that doubles per error; reconnecting does not start afresh. Never blocks.
     */
    void tarpit();
}
