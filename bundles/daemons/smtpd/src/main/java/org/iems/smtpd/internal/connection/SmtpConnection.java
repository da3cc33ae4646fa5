package org.iems.smtpd.internal.connection;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Optional;
import org.iems.api.mail.MailAddress;
import org.iems.api.net.AddressRange;
import org.iems.api.net.Connection;
import org.iems.api.net.ConnectionHandler;
import org.iems.api.net.LineFramer;
import org.iems.api.net.StartTls;
import org.iems.api.net.ThrottledAuthenticator;
import org.iems.smtpd.internal.session.ClientInfo;
import org.iems.smtpd.internal.session.Response;
import org.iems.smtpd.internal.session.SmtpSession;
import org.iems.smtpd.internal.session.Transaction;
import org.iems.smtpd.protocol.CommandParser;
import org.iems.smtpd.protocol.DataReader;
import org.iems.smtpd.protocol.Replies;
import org.iems.smtpd.protocol.SmtpCommand;
import org.iems.smtpd.protocol.SmtpReply;
import org.iems.smtpd.protocol.SmtpSyntaxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SMTP connection: splits the client's bytes into command lines, message text (DATA, up to
 * CRLF.CRLF) and BDAT chunks, feeds them to the {@link SmtpSession}, and writes the replies —
 * all the replies to one burst of pipelined commands in one write (RFC 2920). Runs on a worker
 * thread, never on an I/O thread, so directory and queue calls may block.
 */
public final class SmtpConnection implements ConnectionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpConnection.class);

    private enum Mode { COMMAND, AUTH_LINE, DATA, CHUNK }

    private final Connection connection;
    private final SmtpContext context;
    private final SmtpSession session;
    private final Inbound inbound;
    private final String client;
    private final LineFramer lines;
    private final StartTls tls = new StartTls();
    private final StringBuilder replies = new StringBuilder();
    private Mode mode = Mode.COMMAND;
    private int errors;
    private boolean closing;
    private boolean startTls;

    private final ClientInfo clientInfo;
    private MessageSink sink;
    private DataReader dataReader;
    private long chunkSize;
    private long chunkLeft;
    private boolean chunkLast;
    private SmtpReply chunkRefusal;
    private long chunkedTotal;
    private boolean chunkTooBig;

    public SmtpConnection(Connection connection, SmtpContext context) {
        this.connection = connection;
        this.context = context;
        this.lines = new LineFramer(context::maxLineLength);
        this.client = connection.remoteAddress().getAddress().getHostAddress();
        boolean implicitTls = connection.tlsProtocol().isPresent();
        InetAddress address = connection.remoteAddress().getAddress();
        this.clientInfo = new ClientInfo(client, null, connection.trusted(), implicitTls,
                AddressRange.anyContains(context.etrnNetworks(), address),
                AddressRange.anyContains(context.peerNetworks(), address));
        this.session = new SmtpSession(context.settings(), clientInfo, context.resolver(),
                new ThrottledAuthenticator(context.authenticator(), connection), context.senders(),
                context.queue()::newQueueId,
                context.queue()::flush);
        connection.tlsProtocol().ifPresent(session::tlsStarted);
        this.inbound = new Inbound(context);
        reply(session.greeting());
        flush();
    }

    @Override
    public void received(byte[] data) {
        if (tls.justEstablished()) {
            connection.tlsProtocol().ifPresent(session::tlsStarted);
        }
        int at = 0;
        while (at < data.length && !closing && !startTls) {
            at += switch (mode) {
                case DATA -> data(data, at);
                case CHUNK -> chunk(data, at);
                case COMMAND, AUTH_LINE -> line(data, at);
            };
        }
        flush();
        if (startTls) {
            // whatever followed STARTTLS in this read is dropped: it came before TLS (RFC 3207 4.2)
            startTls = false;
            lines.reset();
            tls.start(connection);
        }
        if (closing) {
            connection.close();
        }
    }

    @Override
    public void idle() {
        reply(SmtpReply.of(421, "4.4.2", context.settings().hostName() + " Error: timeout exceeded"));
        flush();
        LOG.info("timeout after {} from {}", mode, client);
    }

    @Override
    public void closed() {
        if (sink != null) {
            LOG.info("connection from {} lost during {}; the message was not accepted", client, mode);
            discardMessage();
        }
    }

    // ----- command lines

    private int line(byte[] data, int from) {
        int taken = lines.feed(data, from);
        lines.take().ifPresent(this::line);
        return taken;
    }

    private void line(LineFramer.Line line) {
        if (line.tooLong()) {
            error(Replies.LINE_TOO_LONG);
        } else if (!line.crlf()) {
            error(Replies.BARE_LF_IN_COMMAND);
            if (mode == Mode.AUTH_LINE) {
                session.cancelAuth();
                mode = Mode.COMMAND;
            }
        } else if (mode == Mode.AUTH_LINE) {
            apply(session.authLine(line.text()));
        } else {
            command(line.text());
        }
    }

    private void command(String text) {
        SmtpCommand command;
        try {
            command = CommandParser.parse(text);
        } catch (SmtpSyntaxException e) {
            error(e.reply());
            return;
        }
        Optional<MailAddress> user = session.authenticatedUser();
        if (command instanceof SmtpCommand.Mail mail && user.isPresent()
                && !context.flow().mayStart(user.get(), mail.parameters().size().orElse(0))) {
            LOG.info("flow control: {} from {} is over its sending limit", user.get(), client);
            error(SmtpReply.of(452, "4.7.1", "Error: sending limit of " + user.get() + " reached; try again later"));
            return;
        }
        Transaction before = session.transaction(); // the session may end it while refusing
        Response response = session.handle(command);
        if (isTransaction(command) && response.reply() != null && !response.reply().positive()) {
            logRefusal(command.getClass().getSimpleName().toUpperCase(Locale.ROOT), command, before, response.reply());
        }
        if (response.harvesting() && context.tarpit()) {
            connection.tarpit();
        }
        if (command instanceof SmtpCommand.Bdat bdat) {
            startChunk(response, bdat);
            return;
        }
        apply(response);
        if (session.transaction() == null && sink != null) {
            discardMessage();
        }
    }

    private static boolean isTransaction(SmtpCommand command) {
        return command instanceof SmtpCommand.Mail || command instanceof SmtpCommand.Rcpt
                || command instanceof SmtpCommand.Data || command instanceof SmtpCommand.Bdat;
    }

    /**
     * One line per refused MAIL, RCPT, DATA, BDAT or message, in the shape mail administrators
     * search for (Postfix's {@code NOQUEUE: reject:}): the transaction id, the command, the client,
     * the reply, the envelope and the HELO name. Built only for a refusal, from the transaction as
     * it was before the session handled the command.
     */
    private void logRefusal(String verb, SmtpCommand command, Transaction t, SmtpReply reply) {
        Optional<MailAddress> sender = command instanceof SmtpCommand.Mail mail ? mail.sender()
                : t == null ? Optional.empty() : t.sender();
        String to = command instanceof SmtpCommand.Rcpt rcpt
                ? " to=<" + rcpt.recipient().map(Object::toString).orElse("") + ">" : "";
        LOG.info("{}: reject: {} from {}: {}{} {}; from=<{}>{} helo=<{}>", t == null ? "NOQUEUE" : t.id(), verb, client,
                reply.code(), reply.enhanced() == null ? "" : " " + reply.enhanced(), String.join(" ", reply.lines()),
                sender.map(Object::toString).orElse(""), to, session.heloName().orElse(""));
    }

    private void apply(Response response) {
        if (response.next() == Response.Next.READ_DATA) {
            startData(response.reply());
            return;
        }
        if (response.reply() != null) {
            if (response.reply().code() >= 500) {
                error(response.reply());
            } else {
                reply(response.reply());
            }
        }
        switch (response.next()) {
            case AUTH_LINE -> mode = Mode.AUTH_LINE;
            case START_TLS -> {
                mode = Mode.COMMAND;
                startTls = true;
            }
            case CLOSE -> closing = true;
            default -> mode = Mode.COMMAND;
        }
    }

    private void error(SmtpReply reply) {
        reply(reply);
        if (++errors >= context.maxErrors()) {
            reply(SmtpReply.of(421, "4.7.0", context.settings().hostName() + " Error: too many errors"));
            closing = true;
        }
    }

    private void reply(SmtpReply reply) {
        replies.append(reply.toWire());
    }

    private void flush() {
        if (replies.length() > 0) {
            connection.write(replies.toString().getBytes(StandardCharsets.UTF_8));
            replies.setLength(0);
        }
    }

    // ----- the message text: DATA and BDAT

    private boolean openMessage() {
        try {
            sink = new MessageSink(context.blobs().create(), clientInfo.peer());
        } catch (IOException e) {
            LOG.error("cannot write a message from {}: {}", client, e.toString());
            return false;
        }
        byte[] header = session.receivedHeader(ZonedDateTime.now(context.clock())).getBytes(StandardCharsets.UTF_8);
        sink.write(header, 0, header.length);
        return true;
    }

    private static SmtpReply storageFailure() {
        return SmtpReply.of(451, "4.3.0", "Error: local storage failure, try again later");
    }

    private void startData(SmtpReply goAhead) {
        mode = Mode.COMMAND;
        if (!openMessage()) {
            reply(storageFailure());
            session.handle(new SmtpCommand.Rset());
            return;
        }
        reply(goAhead);
        dataReader = new DataReader(sink.stream(), context.settings().maxMessageSize(), context.maxLineLength());
        mode = Mode.DATA;
    }

    private int data(byte[] data, int from) {
        int used;
        try {
            used = dataReader.feed(data, from, data.length - from);
        } catch (IOException e) {
            throw new IllegalStateException("the message sink never throws", e);
        }
        if (dataReader.done()) {
            mode = Mode.COMMAND;
            DataReader.Outcome outcome = dataReader.outcome();
            long size = dataReader.size();
            dataReader = null;
            String protocol = session.withProtocol();
            Transaction before = session.transaction();
            SmtpReply end = session.endOfData(outcome, size, t -> commit(t, protocol));
            if (!end.positive()) {
                logRefusal("END-OF-MESSAGE", new SmtpCommand.Data(), before, end);
            }
            reply(end);
            discardMessage();
        }
        return used;
    }

    private void commit(org.iems.smtpd.internal.session.Transaction t, String protocol) throws Exception {
        try {
            inbound.commit(t, sink, client, session.authenticatedUser(), protocol);
        } catch (Exception e) {
            LOG.error("{}: cannot queue the message from {}: {}", t.id(), client, e.toString());
            throw e;
        }
    }

    private void startChunk(Response response, SmtpCommand.Bdat bdat) {
        mode = Mode.CHUNK;
        chunkSize = bdat.size();
        chunkLeft = bdat.size();
        chunkLast = bdat.last();
        chunkRefusal = response.reply();
        if (chunkRefusal == null && sink == null && !openMessage()) {
            chunkRefusal = storageFailure();
            session.handle(new SmtpCommand.Rset());
        }
        if (chunkLeft == 0) {
            endChunk();
        }
    }

    private int chunk(byte[] data, int from) {
        int n = (int) Math.min(chunkLeft, data.length - from);
        if (chunkRefusal == null) {
            if (chunkedTotal + n > context.settings().maxMessageSize()) {
                chunkTooBig = true;
            } else {
                sink.write(data, from, n);
            }
            chunkedTotal += n;
        }
        chunkLeft -= n;
        if (chunkLeft == 0) {
            endChunk();
        }
        return n;
    }

    private void endChunk() {
        mode = Mode.COMMAND;
        if (chunkRefusal != null) {
            SmtpReply refusal = chunkRefusal;
            chunkRefusal = null;
            reply(refusal);
            return;
        }
        DataReader.Outcome outcome = chunkTooBig ? DataReader.Outcome.TOO_BIG : DataReader.Outcome.OK;
        String protocol = session.transaction() == null ? "" : session.withProtocol();
        Transaction before = session.transaction();
        SmtpReply end = session.endOfChunk(chunkSize, chunkLast, outcome, t -> commit(t, protocol));
        if (!end.positive()) {
            logRefusal("END-OF-MESSAGE", new SmtpCommand.Bdat(chunkSize, chunkLast), before, end);
        }
        reply(end);
        if (chunkLast || outcome != DataReader.Outcome.OK) {
            discardMessage();
        }
    }

    private void discardMessage() {
        if (sink != null) {
            sink.close();
            sink = null;
        }
        chunkedTotal = 0;
        chunkTooBig = false;
    }
}
