package org.iems.smtpc.internal;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import javax.net.ssl.SSLSocketFactory;
import org.iems.smtpc.protocol.ClientSession;
import org.iems.smtpc.protocol.Outgoing;
import org.iems.smtpc.protocol.Reply;
import org.iems.smtpc.protocol.TransactionResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An open session to one server of a destination, ready for transactions: connected, greeted,
 * EHLO said, TLS started when offered (or required), authenticated when the target has
 * credentials. Opening tries each address of the destination in order.
 */
final class OutboundConnection implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(OutboundConnection.class);

    private final HostAddress relay;
    private final SocketTransport transport;
    private final ClientSession session;

    private OutboundConnection(HostAddress relay, SocketTransport transport, ClientSession session) {
        this.relay = relay;
        this.transport = transport;
        this.session = session;
    }

    /** The result of opening: a connection, or why none of the addresses would do. */
    sealed interface Opening {
    }

    /** A usable connection. */
    record Opened(OutboundConnection connection) implements Opening {
    }

    /**
     * No address would do: the mail waits, or, when the destination turns out to be this very
     * server (mail for it would loop), it bounces.
     *
     * @param status the enhanced status code
     * @param reason every address's failure, or the loop
     * @param permanent whether the mail bounces
     */
    record Failed(String status, String reason, boolean permanent) implements Opening {

        /** The status and reason as one result text. */
        String text() {
            return status + " " + reason;
        }
    }

    /**
     * Opens a session to the first address that takes one.
     *
     * @param route the route (TLS requirement, credentials)
     * @param addresses the addresses in order
     * @param settings the client settings
     * @param tls the TLS socket factory
     * @param watchdog the write timeout scheduler
     * @return the connection, or the reason there is none
     */
    static Opening open(Route route, List<HostAddress> addresses, ClientSettings settings, SSLSocketFactory tls,
            ScheduledExecutorService watchdog) {
        List<String> failures = new ArrayList<>();
        String status = "4.4.1";
        for (HostAddress address : addresses) {
            try {
                return new Opened(openTo(address, route, settings, tls, watchdog, settings.startTls()));
            } catch (LoopsBack loop) {
                return new Failed("5.4.6", "mail for " + route.target().name() + " loops back to myself: "
                        + address + " " + loop.getMessage(), true);
            } catch (Refused refused) {
                failures.add(address + ": " + refused.getMessage());
                status = refused.status;
            } catch (IOException e) {
                failures.add(address + ": " + describe(e));
            }
        }
        return new Failed(status, String.join("; ", failures), false);
    }

    private static OutboundConnection openTo(HostAddress address, Route route, ClientSettings settings,
            SSLSocketFactory tls, ScheduledExecutorService watchdog, boolean tryTls) throws IOException {
        SocketTransport transport = SocketTransport.connect(address, settings.source().forPeer(address.address()),
                settings.connectTimeout(), tls, watchdog);
        ClientSession session = new ClientSession(transport, settings.timeouts());
        boolean done = false;
        try {
            Reply greeting = session.greeting();
            expect(greeting, "greeting", "4.4.2");
            String greeter = greeting.lines().get(0).split(" ", 2)[0];
            if (greeter.equalsIgnoreCase(settings.heloName())) {
                throw new LoopsBack("greets as " + greeter + ", this server's own name");
            }
            expect(session.hello(settings.heloName()), "EHLO", "4.4.2");
            boolean offered = session.capabilities().has("STARTTLS");
            if (route.tlsRequired() && !offered) {
                throw new Refused("4.7.4", "TLS is required for this destination, but the host does not offer"
                        + " STARTTLS");
            }
            if (offered && (tryTls || route.tlsRequired())) {
                if (!startTls(session, route, address)) {
                    transport.close();
                    return openTo(address, route, settings, tls, watchdog, false);
                }
                expect(session.hello(settings.heloName()), "EHLO after STARTTLS", "4.4.2");
            }
            if (route.target().credentials().isPresent()) {
                var credentials = route.target().credentials().get();
                expect(session.authenticate(credentials.user(), credentials.password()), "AUTH", "4.7.0");
            }
            done = true;
            LOG.debug("{}: connected{}", address, session.isTls() ? " with " + transport.tlsDescription() : "");
            return new OutboundConnection(address, transport, session);
        } finally {
            if (!done) {
                transport.close();
            }
        }
    }

    /**
     * Starts TLS; when it fails and TLS is not required, says so (the caller connects again
     * without), when it is required, the address is refused.
     */
    private static boolean startTls(ClientSession session, Route route, HostAddress address) throws IOException {
        try {
            Reply reply = session.startTls();
            if (reply.code() == 220) {
                return true;
            }
            if (route.tlsRequired()) {
                throw new Refused("4.7.4", "STARTTLS refused: " + reply);
            }
            LOG.info("{}: STARTTLS refused ({}); going on without TLS", address, reply);
            return true;
        } catch (Refused refused) {
            throw refused;
        } catch (IOException e) {
            if (route.tlsRequired()) {
                throw new Refused("4.7.5", "TLS handshake failed: " + describe(e));
            }
            LOG.info("{}: TLS handshake failed ({}); connecting again without TLS", address, describe(e));
            return false;
        }
    }

    private static void expect(Reply reply, String what, String status) throws Refused {
        if (!reply.isPositive()) {
            throw new Refused(reply.isPermanent() ? status : "4.4.2", what + " refused: " + reply);
        }
    }

    /** Who this connection talks to: "mx.example[192.0.2.1]:25". */
    HostAddress relay() {
        return relay;
    }

    /** Whether the server takes DSN requests (RFC 3461), so that it reports success itself. */
    boolean takesDsnRequests() {
        return session.capabilities().has("DSN");
    }

    /** What the session was doing when it failed. */
    String phase() {
        return session.phase();
    }

    /**
     * Sends one message.
     *
     * @param message the message
     * @return the result per recipient
     * @throws IOException if the connection failed: nothing of the transaction counts
     */
    TransactionResult send(Outgoing message) throws IOException {
        return session.send(message);
    }

    /** Says QUIT (best effort) and closes. */
    @Override
    public void close() {
        try {
            session.quit();
        } catch (IOException e) {
            LOG.debug("{}: QUIT failed: {}", relay, e.toString());
        } finally {
            closeSocket();
        }
    }

    /** Closes without QUIT, after a failure. */
    void abort() {
        closeSocket();
    }

    private void closeSocket() {
        try {
            transport.close();
        } catch (IOException e) {
            LOG.debug("{}: close failed: {}", relay, e.toString());
        }
    }

    static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** The server is this very server (it greets with this server's name): the mail would loop. */
    private static final class LoopsBack extends IOException {

        private static final long serialVersionUID = 1L;

        LoopsBack(String message) {
            super(message);
        }
    }

    /** The server did not want the session (a reply), or TLS could not be had as required. */
    private static final class Refused extends IOException {

        private static final long serialVersionUID = 1L;
        private final String status;

        Refused(String status, String message) {
            super(message);
            this.status = status;
        }
    }
}
