package org.iems.pop3d.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.iems.api.auth.AuthenticationResult;
import org.iems.api.auth.Authenticator;
import org.iems.api.auth.Protocol;
import org.iems.api.net.Connection;
import org.iems.api.net.ConnectionHandler;
import org.iems.api.net.ConnectionOutputStream;
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
    private final int maxLineLength;
    private final ConnectionOutputStream out;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private boolean lineTooLong;
    private boolean closing;
    private boolean startTls;
    private boolean tlsPending;

    Pop3Connection(Connection connection, String hostName, boolean tlsAvailable, int maxLineLength, int maxErrors,
            Authenticator authenticator, Maildrops maildrops) {
        this.connection = connection;
        this.authenticator = new ThrottledAuthenticator(authenticator, connection);
        this.maxLineLength = maxLineLength;
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
        if (tlsPending) {
            tlsPending = false;
            session.tlsStarted();
        }
        int at = 0;
        while (at < data.length && !closing && !startTls) {
            at = line(data, at);
        }
        out.flush();
        if (startTls) {
            // whatever followed STLS in this read came before TLS and is dropped (RFC 2595 section 4)
            startTls = false;
            line.reset();
            tlsPending = true;
            connection.startTls();
        }
        if (closing) {
            connection.close();
        }
    }

    /** Takes bytes up to the next LF; returns where the next line starts. */
    private int line(byte[] data, int from) {
        int i = from;
        while (i < data.length && data[i] != '\n') {
            i++;
        }
        if (!lineTooLong && line.size() + (i - from) > maxLineLength + 1) {
            lineTooLong = true;
            line.reset();
        }
        if (!lineTooLong) {
            line.write(data, from, i - from);
        }
        if (i == data.length) {
            return i;
        }
        if (lineTooLong) {
            lineTooLong = false;
            send(session.lineTooLong());
        } else {
            byte[] bytes = line.toByteArray();
            int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
            send(session.handle(new String(bytes, 0, length, StandardCharsets.UTF_8)));
        }
        line.reset();
        return i + 1;
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
