package org.iems.smtpc.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.iems.api.mail.Xtext;
import org.iems.api.queue.DsnReturn;

/**
 * The client side of one SMTP connection (RFC 5321): greeting, EHLO (HELO for old servers),
 * STARTTLS (RFC 3207), AUTH PLAIN or LOGIN (RFC 4954), then transactions, pipelined when the
 * server offers PIPELINING (RFC 2920), with SIZE (RFC 1870), 8BITMIME (RFC 6152, downgraded when
 * absent), SMTPUTF8 (RFC 6531) and DSN (RFC 3461) parameters. It works on any
 * {@link SmtpTransport}, so its conversations are tested without a socket.
 *
 * <p>An {@link IOException} from any method means the connection is unusable; {@link #phase()}
 * then says what it was doing, for the log.
 */
public final class ClientSession {

    private final SmtpTransport transport;
    private final ClientTimeouts timeouts;
    private ServerCapabilities capabilities = ServerCapabilities.NONE;
    private boolean tls;
    private String phase = "connecting";

    /**
     * @param transport the connection
     * @param timeouts how long to wait for each reply
     */
    public ClientSession(SmtpTransport transport, ClientTimeouts timeouts) {
        this.transport = transport;
        this.timeouts = timeouts;
    }

    /** What the session was doing last ("sending RCPT TO" …), for failure messages. */
    public String phase() {
        return phase;
    }

    /** What the server announced at the last EHLO. */
    public ServerCapabilities capabilities() {
        return capabilities;
    }

    /** Whether the connection is protected by TLS. */
    public boolean isTls() {
        return tls;
    }

    /**
     * Reads the server's greeting.
     *
     * @return the greeting; not positive means the server does not want this client now
     * @throws IOException if the connection failed or the greeting did not come in time
     */
    public Reply greeting() throws IOException {
        phase = "waiting for the greeting";
        transport.timeout(timeouts.greeting());
        return reader().read();
    }

    /**
     * Says EHLO, or HELO when the server refuses EHLO as unknown.
     *
     * @param name this host's name
     * @return the reply; the capabilities are kept
     * @throws IOException if the connection failed
     */
    public Reply hello(String name) throws IOException {
        phase = "sending EHLO";
        Reply ehlo = command("EHLO " + name);
        if (ehlo.isPositive()) {
            capabilities = ServerCapabilities.of(ehlo);
            return ehlo;
        }
        capabilities = ServerCapabilities.NONE;
        if (ehlo.code() == 500 || ehlo.code() == 502 || ehlo.code() == 504 || ehlo.code() == 550) {
            phase = "sending HELO";
            return command("HELO " + name);
        }
        return ehlo;
    }

    /**
     * Starts TLS (the server must have announced STARTTLS); EHLO must be said again afterwards.
     *
     * @return the reply to STARTTLS; if it is positive, TLS is now on
     * @throws IOException if the connection or the handshake failed
     */
    public Reply startTls() throws IOException {
        phase = "sending STARTTLS";
        Reply reply = command("STARTTLS");
        if (reply.code() == 220) {
            phase = "negotiating TLS";
            transport.startTls();
            tls = true;
            capabilities = ServerCapabilities.NONE;
        }
        return reply;
    }

    /**
     * Authenticates with PLAIN (initial response) if offered, else LOGIN.
     *
     * @param user the user name
     * @param password the password
     * @return the final reply: 235 on success
     * @throws IOException if the connection failed, or the server offers neither mechanism
     */
    public Reply authenticate(String user, String password) throws IOException {
        phase = "authenticating";
        if (capabilities.authMechanisms().contains("PLAIN")) {
            String response = base64("\0" + user + "\0" + password);
            return command("AUTH PLAIN " + response);
        }
        if (capabilities.authMechanisms().contains("LOGIN")) {
            Reply reply = command("AUTH LOGIN");
            if (reply.code() == 334) {
                reply = command(base64(user));
            }
            if (reply.code() == 334) {
                reply = command(base64(password));
            }
            return reply;
        }
        throw new SmtpProtocolException("the server offers neither AUTH PLAIN nor AUTH LOGIN");
    }

    /**
     * Sends one message to its recipients: refuses it without a command when the server's SIZE
     * limit is too small (552 5.3.4) or it needs SMTPUTF8 that the server lacks (553 5.6.7).
     * After a failed transaction the session is reset, ready for the next one.
     *
     * @param message the message
     * @return the result per recipient
     * @throws IOException if the connection failed; nothing may then be counted as delivered
     */
    public TransactionResult send(Outgoing message) throws IOException {
        int count = message.recipients().size();
        OptionalLong limit = capabilities.sizeLimit();
        if (limit.isPresent() && message.size() > limit.getAsLong()) {
            return all(count, new Reply(552, List.of("5.3.4 message size " + message.size()
                    + " exceeds the limit of " + limit.getAsLong() + " the server announced")), false);
        }
        if (message.smtpUtf8() && !capabilities.has("SMTPUTF8")) {
            return all(count, new Reply(553, List.of("5.6.7 the message needs SMTPUTF8, which the server does not"
                    + " offer")), false);
        }
        boolean pipelining = capabilities.has("PIPELINING");
        phase = "sending MAIL FROM";
        write(mailCommand(message));
        Reply mail = pipelining ? null : flushAndRead(timeouts.command());
        if (mail != null && !mail.isPositive()) {
            reset();
            return all(count, mail, false);
        }
        List<Reply> rcptReplies = new ArrayList<>(count);
        List<Outgoing.Recipient> recipients = message.recipients();
        phase = "sending RCPT TO";
        for (Outgoing.Recipient r : recipients) {
            write(rcptCommand(r));
            if (!pipelining) {
                rcptReplies.add(flushAndRead(timeouts.command()));
            }
        }
        boolean anyAccepted = pipelining || rcptReplies.stream().anyMatch(Reply::isPositive);
        if (!anyAccepted) {
            reset();
            return new TransactionResult(rcptReplies, Collections.nCopies(count, false), false);
        }
        phase = "sending DATA";
        write("DATA");
        if (pipelining) {
            mail = flushAndRead(timeouts.command());
            phase = "sending RCPT TO";
            for (int i = 0; i < count; i++) {
                rcptReplies.add(reader().read());
            }
            phase = "sending DATA";
        }
        Reply data = flushAndRead(timeouts.dataStart());
        if (!mail.isPositive()) {
            finishRefusedData(data);
            return all(count, mail, false);
        }
        boolean accepted = rcptReplies.stream().anyMatch(Reply::isPositive);
        if (!accepted || data.code() != 354) {
            finishRefusedData(data);
            List<Reply> replies = new ArrayList<>(count);
            for (Reply r : rcptReplies) {
                replies.add(r.isPositive() ? data : r);
            }
            return new TransactionResult(replies, Collections.nCopies(count, false), false);
        }
        phase = "sending the message";
        transport.timeout(timeouts.dataBlock());
        boolean downgrade = message.eightBit() && !capabilities.has("8BITMIME");
        try (InputStream body = message.body().open()) {
            MessageTransmitter.send(body, transport.output(), message.tags(), downgrade);
        }
        phase = "waiting for the reply to the end of data";
        Reply end = flushAndRead(timeouts.dataEnd());
        List<Reply> replies = new ArrayList<>(count);
        List<Boolean> flags = new ArrayList<>(count);
        for (Reply r : rcptReplies) {
            replies.add(r.isPositive() ? end : r);
            flags.add(r.isPositive() && end.isPositive());
        }
        if (!end.isPositive()) {
            reset();
        }
        return new TransactionResult(replies, flags, true);
    }

    /** A 354 to a DATA that should not have been sent: end it with an empty message, then reset. */
    private void finishRefusedData(Reply data) throws IOException {
        if (data.code() == 354) {
            phase = "ending an empty DATA";
            write(".");
            flushAndRead(timeouts.dataEnd());
        }
        reset();
    }

    /**
     * Says RSET: the next transaction starts clean.
     *
     * @throws IOException if the connection failed
     */
    public void reset() throws IOException {
        phase = "sending RSET";
        Reply reply = command("RSET");
        if (!reply.isPositive()) {
            throw new SmtpProtocolException("RSET refused: " + reply);
        }
    }

    /**
     * Says QUIT and reads the reply.
     *
     * @throws IOException if the connection failed
     */
    public void quit() throws IOException {
        phase = "sending QUIT";
        command("QUIT");
    }

    private String mailCommand(Outgoing m) {
        StringBuilder command = new StringBuilder("MAIL FROM:<")
                .append(m.sender().map(Object::toString).orElse("")).append('>');
        if (capabilities.has("SIZE")) {
            command.append(" SIZE=").append(m.size());
        }
        if (m.eightBit() && capabilities.has("8BITMIME")) {
            command.append(" BODY=8BITMIME");
        }
        if (m.smtpUtf8()) {
            command.append(" SMTPUTF8");
        }
        if (capabilities.has("DSN")) {
            m.ret().ifPresent(r -> command.append(" RET=").append(r == DsnReturn.FULL ? "FULL" : "HDRS"));
            m.envelopeId().ifPresent(id -> command.append(" ENVID=").append(Xtext.encode(id)));
        }
        return command.toString();
    }

    private String rcptCommand(Outgoing.Recipient r) {
        StringBuilder command = new StringBuilder("RCPT TO:<").append(r.address()).append('>');
        if (capabilities.has("DSN")) {
            if (!r.notifyOn().isEmpty()) {
                command.append(" NOTIFY=").append(r.notifyOn().stream().map(n -> n.name().toUpperCase(Locale.ROOT))
                        .sorted().collect(Collectors.joining(",")));
            }
            r.originalRecipient().ifPresent(o -> {
                int semicolon = o.indexOf(';');
                if (semicolon > 0) {
                    command.append(" ORCPT=").append(o, 0, semicolon).append(';')
                            .append(Xtext.encode(o.substring(semicolon + 1)));
                }
            });
        }
        return command.toString();
    }

    private static TransactionResult all(int count, Reply reply, boolean sent) {
        return new TransactionResult(Collections.nCopies(count, reply), Collections.nCopies(count, false), sent);
    }

    private Reply command(String line) throws IOException {
        write(line);
        return flushAndRead(timeouts.command());
    }

    private void write(String line) throws IOException {
        OutputStream out = transport.output();
        out.write(line.getBytes(StandardCharsets.UTF_8));
        out.write('\r');
        out.write('\n');
    }

    private Reply flushAndRead(Duration timeout) throws IOException {
        transport.timeout(timeout);
        transport.output().flush();
        return reader().read();
    }

    private ReplyReader reader() {
        return new ReplyReader(transport.input());
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
