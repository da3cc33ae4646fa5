package org.iems.imapd.internal;

import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.iems.api.auth.AuthenticationResult;
import org.iems.api.auth.Authenticator;
import org.iems.api.auth.Protocol;
import org.iems.api.net.Connection;
import org.iems.api.net.ConnectionHandler;
import org.iems.api.net.ConnectionOutputStream;
import org.iems.api.net.StartTls;
import org.iems.api.net.ThrottledAuthenticator;
import org.iems.imapd.internal.session.ImapSession;
import org.iems.imapd.internal.session.Next;
import org.iems.imapd.internal.session.SessionServices;
import org.iems.imapd.internal.session.SessionSettings;
import org.iems.imapd.protocol.CommandAssembler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One IMAP connection: puts the client's bytes together into commands with a
 * {@link CommandAssembler}, hands them to the {@link ImapSession} and carries out what it says
 * next (STARTTLS, COMPRESS, close). Changes to the selected mailbox wake the session up on the notifier
 * so that an idling client hears of them at once.
 */
final class ImapConnection implements ConnectionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ImapConnection.class);

    private final Connection connection;
    private final Authenticator authenticator;
    private final CommandAssembler assembler;
    private final ImapSession session;
    private final Executor notifier;
    private final AtomicBoolean wakeUpPending = new AtomicBoolean();
    private final StartTls tls = new StartTls();
    private final byte[] inflated = new byte[16384];
    /** Inflates the client's bytes once COMPRESS=DEFLATE is on; null before. */
    private Inflater inflater;

    ImapConnection(Connection connection, SessionSettings settings, CommandAssembler.Limits limits,
            Authenticator authenticator, SessionServices services, Executor notifier) {
        this.connection = connection;
        this.authenticator = new ThrottledAuthenticator(authenticator, connection);
        this.notifier = notifier;
        this.assembler = new CommandAssembler(limits, services.contents().spool());
        this.session = new ImapSession(settings, this::login, services, new ConnectionOutputStream(connection),
                this::wakeUp);
        try {
            session.greet();
        } catch (IOException e) {
            LOG.debug("client left before the greeting: {}", e.toString());
            connection.close();
        }
    }

    private AuthenticationResult login(String login, char[] password) {
        return authenticator.authenticate(Protocol.IMAP, login, password);
    }

    @Override
    public void received(byte[] data) {
        if (tls.justEstablished()) {
            session.tlsStarted();
        }
        try {
            if (inflater == null) {
                feed(data, 0);
            } else {
                inflate(data, 0);
            }
        } catch (IOException e) {
            LOG.warn("IMAP connection of {} failed: {}", session.account().map(Object::toString).orElse("?"),
                    e.toString());
            connection.close();
        }
    }

    /** Feeds the client's bytes to the assembler; false once the connection reads no further. */
    private boolean feed(byte[] data, int from) throws IOException {
        int at = from;
        while (at < data.length) {
            at = assembler.feed(data, at);
            Optional<CommandAssembler.Outcome> outcome = assembler.take();
            Next next = outcome.isPresent() ? handle(outcome.get()) : Next.READ;
            if (next == Next.CLOSE) {
                connection.close();
                return false;
            }
            if (next == Next.START_TLS) {
                assembler.reset();
                tls.start(connection);
                return false;
            }
            if (next == Next.COMPRESS) {
                inflater = new Inflater(true);
                return inflate(data, at);
            }
        }
        return true;
    }

    /**
     * COMPRESS=DEFLATE (RFC 4978): inflates the client's bytes a piece at a time, each piece fed
     * on before the next is inflated, so a small packet that inflates to much holds little memory.
     */
    private boolean inflate(byte[] data, int from) throws IOException {
        inflater.setInput(data, from, data.length - from);
        try {
            int n;
            while ((n = inflater.inflate(inflated)) > 0) {
                if (!feed(Arrays.copyOf(inflated, n), 0)) {
                    return false;
                }
            }
        } catch (DataFormatException e) {
            throw new IOException("the client's compressed data is corrupt: " + e.getMessage(), e);
        }
        if (inflater.finished()) {
            throw new IOException("the client ended its compressed stream");
        }
        return true;
    }

    private Next handle(CommandAssembler.Outcome outcome) throws IOException {
        if (outcome instanceof CommandAssembler.Complete c) {
            return session.handle(c.command());
        }
        if (outcome instanceof CommandAssembler.Refused r) {
            return session.refused(r.tag(), r.reason(), r.tooBig(), r.fatal());
        }
        session.continueLiteral();
        return Next.READ;
    }

    private void wakeUp() {
        if (wakeUpPending.compareAndSet(false, true)) {
            notifier.execute(() -> {
                wakeUpPending.set(false);
                try {
                    session.mailboxChanged();
                } catch (IOException e) {
                    LOG.debug("cannot tell an idling client of a change: {}", e.toString());
                    connection.close();
                }
            });
        }
    }

    @Override
    public void idle() {
        try {
            session.autologout();
        } catch (IOException e) {
            LOG.debug("cannot say goodbye to an idle client: {}", e.toString());
        }
        connection.close();
    }

    @Override
    public void closed() {
        assembler.close();
        session.end();
        if (inflater != null) {
            inflater.end();
        }
    }
}
