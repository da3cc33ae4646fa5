package org.iems.pop3d.internal;

import java.io.IOException;
import org.iems.api.auth.AuthenticationResult;
import org.iems.api.auth.Authenticator;
import org.iems.api.auth.Protocol;
import org.iems.api.net.Connection;
import org.iems.api.net.ConnectionHandler;
import org.iems.api.net.ConnectionOutputStream;
import org.iems.api.net.LineFramer;
import org.iems.api.net.StartTls;
import org.iems.api.net.ThrottledAuthenticator;
import org.iems.pop3d.protocol.Maildrops;
import org.iems.pop3d.protocol.Pop3Reply;
import org.iems.pop3d.protocol.Pop3Session;
import org.iems.pop3d.protocol.SessionSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One POP3 connection: splits the client's bytes into command lines, feeds them to the
 * {@link Pop3Session} and writes its replies, those of pipelined commands together (RFC 2449
 * PIPELINING). Message text is streamed from the blob in pieces. However the connection ends,
 * the session ends with it and the maildrop lock is released.
 */
final class Pop3Connection implements ConnectionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(Pop3Connection.class);

    private final Connection connection;
    private final Authenticator authenticator;
    private final Pop3Session session;
    private final ConnectionOutputStream out;
    private final LineFramer lines;
    private final StartTls tls = new StartTls();
    private boolean closing;
    private boolean startTls;

    Pop3Connection(Connection connection, String hostName, boolean tlsAvailable, int maxLineLength, int maxErrors,
            Authenticator authenticator, Maildrops maildrops) {
        this.connection = connection;
        this.authenticator = new ThrottledAuthenticator(authenticator, connection);
        this.lines = new LineFramer(() -> maxLineLength);
        this.out = new ConnectionOutputStream(connection);
        SessionSettings settings = new SessionSettings(hostName, tlsAvailable, connection.tlsProtocol().isPresent(),
                connection.trusted(), maxErrors);
        this.session = new Pop3Session(settings, this::login, maildrops);
        send(session.greeting());
        out.flush();
    }

    private AuthenticationResult login(String login, char[] password) {
        return authenticator.authenticate(Protocol.POP3, login, password);
    }

    @Override
    public void received(byte[] data) {
        if (tls.justEstablished()) {
            session.tlsStarted();
        }
        int at = 0;
        while (at < data.length && !closing && !startTls) {
            at += lines.feed(data, at);
            lines.take().ifPresent(line -> send(line.tooLong() ? session.lineTooLong() : session.handle(line.text())));
        }
        out.flush();
        if (startTls) {
            startTls = false;
            lines.reset();
            tls.start(connection);
        }
        if (closing) {
            connection.close();
        }
    }

    private void send(Pop3Reply reply) {
        try {
            reply.writeTo(out);
        } catch (IOException e) {
            // the status line may be out already: the client cannot be told, only disconnected
            LOG.warn("cannot send a message to {}: {}", session.account().map(Object::toString).orElse("?"),
                    e.getMessage());
            closing = true;
            return;
        }
        switch (reply.next()) {
            case CLOSE -> closing = true;
            case START_TLS -> startTls = true;
            default -> {
            }
        }
    }

    @Override
    public void idle() {
        send(session.autologout());
        out.flush();
    }

    @Override
    public void closed() {
        session.end();
    }
}
