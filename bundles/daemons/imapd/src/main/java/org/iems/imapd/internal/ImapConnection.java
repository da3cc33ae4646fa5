package org.iems.imapd.internal;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * next (STARTTLS, close). Changes to the selected mailbox wake the session up on the notifier
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
            int at = 0;
            while (at < data.length) {
                at = assembler.feed(data, at);
                Optional<CommandAssembler.Outcome> outcome = assembler.take();
                Next next = outcome.isPresent() ? handle(outcome.get()) : Next.READ;
                if (next == Next.CLOSE) {
                    connection.close();
                    return;
                }
                if (next == Next.START_TLS) {
                    assembler.reset();
                    tls.start(connection);
                    return;
                }
            }
        } catch (IOException e) {
            LOG.warn("IMAP connection of {} failed: {}", session.account().map(Object::toString).orElse("?"),
                    e.toString());
            connection.close();
        }
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
    }
}
