package org.iems.smtpd.internal.session;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.iems.api.auth.AuthenticationResult;
import org.iems.api.auth.Authenticator;
import org.iems.api.auth.Protocol;
import org.iems.api.directory.RecipientResolution;
import org.iems.api.directory.RecipientResolver;
import org.iems.api.mail.DomainName;
import org.iems.api.mail.MailAddress;
import org.iems.smtpd.internal.session.Response.Next;
import org.iems.smtpd.internal.session.SessionSettings.InvalidLocalUser;
import org.iems.smtpd.protocol.DataReader;
import org.iems.smtpd.protocol.MailParameters;
import org.iems.smtpd.protocol.RcptParameters;
import org.iems.smtpd.protocol.Replies;
import org.iems.smtpd.protocol.SmtpCommand;
import org.iems.smtpd.protocol.SmtpReply;

/**
 * One SMTP server session's state machine (RFC 5321 sections 3 and 4.1.4): which command is
 * allowed when, relay control, recipient checks, limits, AUTH (RFC 4954, PLAIN and LOGIN) and
 * STARTTLS (RFC 3207) state. It takes parsed commands and returns replies; it knows no sockets.
 * The directory and authentication calls block: the transport must call from a worker thread,
 * never an I/O thread.
 */
public final class SmtpSession {

    private static final DateTimeFormatter RFC5322_DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT);

    /** Hands an accepted message to the queue; returns normally once it is durable. */
    @FunctionalInterface
    public interface Commit {
        void commit(Transaction transaction) throws Exception;
    }

    /** Tells whether an authenticated account may send under a sender address (the directory's rule). */
    @FunctionalInterface
    public interface SenderCheck {
        boolean maySendAs(MailAddress account, MailAddress sender);
    }

    /** Makes a domain's deferred mail due now (ETRN); returns how many recipients that was. */
    @FunctionalInterface
    public interface QueueStarter {
        int start(DomainName domain);
    }

    private final SessionSettings settings;
    private final ClientInfo client;
    private final RecipientResolver resolver;
    private final Authenticator authenticator;
    private final SenderCheck senders;
    private final Supplier<String> ids;
    private final QueueStarter queueStarter;

    private String heloName;
    private boolean extended;
    private String tlsProtocol;
    private MailAddress authenticated;
    private Transaction transaction;
    private boolean inChunking;
    private String pendingLoginUser;
    private boolean awaitingLoginUser;
    private boolean awaitingPlain;

    public SmtpSession(SessionSettings settings, ClientInfo client, RecipientResolver resolver, Authenticator authenticator,
            SenderCheck senders, Supplier<String> ids, QueueStarter queueStarter) {
        this.settings = settings;
        this.client = client;
        this.resolver = resolver;
        this.authenticator = authenticator;
        this.senders = senders;
        this.ids = ids;
        this.queueStarter = queueStarter;
    }

    /** The 220 greeting. */
    public SmtpReply greeting() {
        return SmtpReply.of(220, null, settings.hostName() + " ESMTP IEMS");
    }

    /** Tells the session TLS is now active (after STARTTLS, or from the start on port 465). */
    public void tlsStarted(String protocol) {
        this.tlsProtocol = protocol;
    }

    private boolean tls() {
        return tlsProtocol != null;
    }

    private boolean authOffered() {
        return authenticated == null && (tls() || client.trusted());
    }

    /** Handles one parsed command. */
    public Response handle(SmtpCommand command) {
        if (inChunking && !(command instanceof SmtpCommand.Bdat) && !(command instanceof SmtpCommand.Rset)
                && !(command instanceof SmtpCommand.Quit) && !(command instanceof SmtpCommand.Noop)) {
            return Response.reply(Replies.BAD_SEQUENCE.withText("Error: only BDAT, RSET, NOOP or QUIT during CHUNKING"));
        }
        if (command instanceof SmtpCommand.Hello h) {
            return hello(h);
        } else if (command instanceof SmtpCommand.Mail m) {
            return mail(m);
        } else if (command instanceof SmtpCommand.Rcpt r) {
            return rcpt(r);
        } else if (command instanceof SmtpCommand.Data) {
            return data();
        } else if (command instanceof SmtpCommand.Bdat b) {
            return bdat(b);
        } else if (command instanceof SmtpCommand.Rset) {
            reset();
            return Response.reply(Replies.OK);
        } else if (command instanceof SmtpCommand.Noop) {
            return Response.reply(Replies.OK);
        } else if (command instanceof SmtpCommand.Quit) {
            return Response.then(SmtpReply.of(221, "2.0.0", "Bye"), Next.CLOSE);
        } else if (command instanceof SmtpCommand.Vrfy) {
            return Response.reply(SmtpReply.of(252, "2.5.2", "Cannot VRFY user, but will accept message and attempt delivery"));
        } else if (command instanceof SmtpCommand.Expn) {
            return Response.reply(SmtpReply.of(502, "5.5.1", "EXPN not available"));
        } else if (command instanceof SmtpCommand.Help) {
            return Response.reply(SmtpReply.of(214, "2.0.0",
                    "Commands: EHLO HELO MAIL RCPT DATA BDAT RSET NOOP QUIT VRFY STARTTLS AUTH ETRN HELP"));
        } else if (command instanceof SmtpCommand.StartTls) {
            return startTls();
        } else if (command instanceof SmtpCommand.Auth a) {
            return auth(a);
        }
        return etrn((SmtpCommand.Etrn) command);
    }

    private void reset() {
        transaction = null;
        inChunking = false;
    }

    // ----- EHLO / HELO

    private Response hello(SmtpCommand.Hello hello) {
        reset();
        heloName = hello.clientName();
        extended = hello.extended();
        if (!extended) {
            return Response.reply(SmtpReply.of(250, null, settings.hostName()));
        }
        List<String> lines = new ArrayList<>();
        lines.add(settings.hostName());
        lines.add("PIPELINING");
        lines.add("SIZE " + settings.maxMessageSize());
        lines.add("8BITMIME");
        lines.add("ENHANCEDSTATUSCODES");
        if (settings.tlsAvailable() && !tls()) {
            lines.add("STARTTLS");
        }
        if (authOffered()) {
            lines.add("AUTH PLAIN LOGIN");
        }
        lines.add("SMTPUTF8");
        lines.add("DSN");
        lines.add("CHUNKING");
        if (client.etrnAllowed()) {
            lines.add("ETRN");
        }
        return Response.reply(new SmtpReply(250, null, lines));
    }

    // ----- ETRN (RFC 1985)

    private Response etrn(SmtpCommand.Etrn etrn) {
        if (heloName == null) {
            return Response.reply(Replies.BAD_SEQUENCE.withText("Error: send HELO/EHLO first"));
        }
        if (transaction != null) {
            return Response.reply(Replies.BAD_SEQUENCE.withText("Error: ETRN within a mail transaction"));
        }
        String node = etrn.node().strip();
        if (node.startsWith("#")) {
            return Response.reply(SmtpReply.of(458, "4.3.0", "Unable to queue messages for node " + node
                    + ": queue names are not supported"));
        }
        DomainName domain;
        try {
            domain = DomainName.parse(node.startsWith("@") ? node.substring(1) : node);
        } catch (IllegalArgumentException e) {
            return Response.reply(SmtpReply.of(501, "5.5.4", "Syntax: ETRN domain"));
        }
        if (!client.etrnAllowed() || !(settings.etrnDomains().isEmpty() || settings.etrnDomains().contains(domain))) {
            return Response.reply(SmtpReply.of(459, "4.7.1", "Node " + domain + " not allowed: ETRN refused"));
        }
        int started = queueStarter.start(domain);
        if (started == 0) {
            return Response.reply(SmtpReply.of(251, "2.0.0", "OK, no messages waiting for node " + domain));
        }
        return Response.reply(SmtpReply.of(253, "2.0.0", "OK, " + started + " pending recipients for node " + domain
                + " started"));
    }

    // ----- MAIL

    private Response mail(SmtpCommand.Mail mail) {
        if (heloName == null) {
            return Response.reply(Replies.BAD_SEQUENCE.withText("Error: send HELO/EHLO first"));
        }
        if (transaction != null) {
            return Response.reply(Replies.BAD_SEQUENCE.withText("Error: nested MAIL command"));
        }
        if (settings.authRequired() && authenticated == null) {
            return Response.reply(SmtpReply.of(530, "5.7.0", "Authentication required"));
        }
        MailParameters p = mail.parameters();
        if (p.body() == MailParameters.Body.BINARY_MIME) {
            return Response.reply(SmtpReply.of(555, "5.5.4", "BODY=BINARYMIME is not supported"));
        }
        if (p.size().isPresent() && p.size().getAsLong() > settings.maxMessageSize()) {
            return Response.reply(Replies.TOO_BIG);
        }
        if (mail.sender().isPresent() && mail.sender().get().needsSmtpUtf8() && !p.smtpUtf8()) {
            return Response.reply(SmtpReply.of(553, "5.6.7", "Non-ASCII address needs SMTPUTF8"));
        }
        if (authenticated != null && settings.senderLoginCheck() && mail.sender().isPresent()
                && !senders.maySendAs(authenticated, mail.sender().get())) {
            return Response.reply(SmtpReply.of(553, "5.7.1", "<" + mail.sender().get() + ">: Sender address rejected:"
                    + " not owned by user " + authenticated));
        }
        transaction = new Transaction(ids.get(), mail.sender(), p);
        return Response.reply(SmtpReply.of(250, "2.1.0", "Sender OK"));
    }

    // ----- RCPT

    private Response rcpt(SmtpCommand.Rcpt rcpt) {
        if (transaction == null) {
            return Response.reply(Replies.BAD_SEQUENCE.withText("Error: need MAIL command"));
        }
        if (transaction.recipientCount() >= settings.maxRecipients()) {
            return Response.reply(SmtpReply.of(452, "4.5.3", "Error: too many recipients"));
        }
        MailAddress recipient = rcpt.recipient().orElseGet(() -> MailAddress.of("postmaster", settings.postmaster()));
        if (recipient.needsSmtpUtf8() && !transaction.parameters().smtpUtf8()) {
            return Response.reply(SmtpReply.of(553, "5.6.7", "Non-ASCII address needs SMTPUTF8"));
        }
        RcptParameters parameters = authenticated != null || client.trusted() ? rcpt.parameters()
                : rcpt.parameters().withoutSuccessOrDelay();
        RecipientResolution resolution = resolver.resolve(recipient);
        switch (resolution.kind()) {
            case REMOTE -> {
                if (authenticated == null && !client.trusted()) {
                    return Response.reply(SmtpReply.of(554, "5.7.1", "<" + recipient + ">: Relay access denied"));
                }
            }
            case UNKNOWN -> {
                if (settings.invalidLocalUser() == InvalidLocalUser.BOUNCE) {
                    return Response.harvestingError(SmtpReply.of(550, "5.1.1", "<" + recipient + ">: Recipient"
                            + " address rejected: User unknown"));
                }
                boolean discard = settings.invalidLocalUser() == InvalidLocalUser.DELETE;
                MailAddress target = discard ? recipient : MailAddress.of("postmaster", settings.postmaster());
                transaction.add(new Transaction.Recipient(target, parameters, discard));
                return Response.reply(SmtpReply.of(250, "2.1.5", "Recipient OK"));
            }
            default -> {
                // a local account or alias
            }
        }
        if (!transaction.hasRecipient(recipient)) {
            transaction.add(new Transaction.Recipient(recipient, parameters, false));
        }
        return Response.reply(SmtpReply.of(250, "2.1.5", "Recipient OK"));
    }

    // ----- DATA / BDAT

    private Response data() {
        if (transaction == null || transaction.recipientCount() == 0) {
            return Response.reply(transaction == null ? Replies.BAD_SEQUENCE.withText("Error: need MAIL command")
                    : SmtpReply.of(554, "5.5.1", "Error: no valid recipients"));
        }
        return Response.then(Replies.START_MAIL_INPUT, Next.READ_DATA);
    }

    private Response bdat(SmtpCommand.Bdat bdat) {
        if (transaction == null || transaction.recipientCount() == 0) {
            // the chunk must still be read and thrown away; the transport does that on any non-2xx
            return Response.chunk(transaction == null ? Replies.BAD_SEQUENCE.withText("Error: need MAIL command")
                    : SmtpReply.of(554, "5.5.1", "Error: no valid recipients"), bdat.size());
        }
        inChunking = !bdat.last();
        return Response.chunk(null, bdat.size());
    }

    /**
     * Ends one BDAT chunk. For the last chunk, behaves like {@link #endOfData}.
     *
     * @param octets the chunk's size
     * @param last whether it was BDAT ... LAST
     * @param outcome the outcome of the whole message so far (size limit, etc.)
     */
    public SmtpReply endOfChunk(long octets, boolean last, DataReader.Outcome outcome, Commit commit) {
        if (transaction == null) {
            return Replies.BAD_SEQUENCE.withText("Error: need MAIL command");
        }
        transaction.addReceived(octets);
        if (!last) {
            if (outcome != DataReader.Outcome.OK) {
                reset();
                return outcome.reply();
            }
            return SmtpReply.of(250, "2.0.0", octets + " octets received");
        }
        return endOfData(outcome, transaction.received(), commit);
    }

    /**
     * Ends the message text: checks the outcome and limits, commits the message, resets the
     * transaction.
     *
     * @param outcome how the data ended
     * @param size the message size in octets
     * @param commit makes the message durable in the queue
     * @return 250 with the queue id, or why it was refused
     */
    public SmtpReply endOfData(DataReader.Outcome outcome, long size, Commit commit) {
        Transaction t = transaction;
        reset();
        if (t == null) {
            return Replies.BAD_SEQUENCE.withText("Error: need MAIL command");
        }
        if (outcome != DataReader.Outcome.OK) {
            return outcome.reply();
        }
        if (size < settings.minMessageSize()) {
            return SmtpReply.of(554, "5.7.1", "Message refused: smaller than the minimum of " + settings.minMessageSize()
                    + " octets");
        }
        try {
            commit.commit(t);
        } catch (Exception e) {
            return SmtpReply.of(451, "4.3.0", "Error: message not queued, try again later");
        }
        return SmtpReply.of(250, "2.0.0", "OK queued as " + t.id());
    }

    /** The name the client gave in HELO or EHLO, once it has. */
    public Optional<String> heloName() {
        return Optional.ofNullable(heloName);
    }

    /** The current transaction, for the transport to write the message; {@code null} outside one. */
    public Transaction transaction() {
        return transaction;
    }

    /**
     * The Received header (RFC 5321 section 4.4) for the current transaction, ending in CRLF:
     * client name and address, the "with" protocol of RFC 3848/6531, the queue id, TLS version and
     * authenticated user, and the recipient when there is one.
     */
    public String receivedHeader(ZonedDateTime now) {
        StringBuilder h = new StringBuilder("Received: from ").append(heloName).append(" (");
        if (client.hostName() != null) {
            h.append(client.hostName()).append(' ');
        }
        h.append('[').append(client.address()).append("])\r\n\tby ").append(settings.hostName())
                .append(" (IEMS) with ").append(withProtocol()).append(" id ").append(transaction.id());
        if (tls() || authenticated != null) {
            h.append("\r\n\t(");
            if (tls()) {
                h.append("using ").append(tlsProtocol);
            }
            if (authenticated != null) {
                h.append(tls() ? "; " : "").append("authenticated as ").append(authenticated);
            }
            h.append(')');
        }
        if (transaction.recipientCount() == 1) {
            h.append("\r\n\tfor <").append(transaction.recipients().get(0).address()).append('>');
        }
        return h.append("; ").append(RFC5322_DATE.format(now)).append("\r\n").toString();
    }

    /**
     * The "with" protocol of the current transaction for the Received header and the log (RFC 3848,
     * RFC 6531): SMTP, ESMTP, ESMTPS, ESMTPA, ESMTPSA, UTF8SMTP….
     */
    public String withProtocol() {
        String base = transaction.parameters().smtpUtf8() ? "UTF8SMTP" : extended ? "ESMTP" : "SMTP";
        if (!extended) {
            return base;
        }
        return base + (tls() ? "S" : "") + (authenticated != null ? "A" : "");
    }

    // ----- STARTTLS

    private Response startTls() {
        if (!settings.tlsAvailable() || tls()) {
            return Response.reply(SmtpReply.of(tls() ? 503 : 454, tls() ? "5.5.1" : "4.7.0",
                    tls() ? "TLS already active" : "TLS not available"));
        }
        // RFC 3207 section 4.2: the client starts over, knowing nothing from before
        reset();
        heloName = null;
        return Response.then(SmtpReply.of(220, "2.0.0", "Ready to start TLS"), Next.START_TLS);
    }

    // ----- AUTH

    private Response auth(SmtpCommand.Auth auth) {
        if (heloName == null || !extended) {
            return Response.reply(Replies.BAD_SEQUENCE.withText("Error: send EHLO first"));
        }
        if (authenticated != null || transaction != null) {
            return Response.reply(Replies.BAD_SEQUENCE.withText(authenticated != null ? "Error: already authenticated"
                    : "Error: AUTH not allowed during a mail transaction"));
        }
        if (!authOffered()) {
            return Response.reply(SmtpReply.of(538, "5.7.11", "Encryption required for requested authentication mechanism"));
        }
        switch (auth.mechanism()) {
            case "PLAIN" -> {
                if (auth.initialResponse().isEmpty()) {
                    awaitingPlain = true;
                    return Response.then(new SmtpReply(334, null, List.of("")), Next.AUTH_LINE);
                }
                return plain(auth.initialResponse().get());
            }
            case "LOGIN" -> {
                if (auth.initialResponse().isPresent()) {
                    return loginUser(auth.initialResponse().get());
                }
                awaitingLoginUser = true;
                return Response.then(SmtpReply.of(334, null, b64("Username:")), Next.AUTH_LINE);
            }
            default -> {
                return Response.reply(SmtpReply.of(504, "5.5.4", "Unrecognized authentication type"));
            }
        }
    }

    /** Handles one line sent in answer to a 334 challenge. */
    public Response authLine(String line) {
        if ("*".equals(line.strip())) {
            clearAuth();
            return Response.reply(SmtpReply.of(501, "5.0.0", "Authentication cancelled"));
        }
        if (awaitingPlain) {
            awaitingPlain = false;
            return plain(line.strip());
        }
        if (awaitingLoginUser) {
            awaitingLoginUser = false;
            return loginUser(line.strip());
        }
        if (pendingLoginUser != null) {
            String user = pendingLoginUser;
            pendingLoginUser = null;
            Optional<String> password = decode(line.strip());
            return password.map(p -> verify(user, p)).orElseGet(SmtpSession::badBase64);
        }
        return Response.reply(Replies.BAD_SEQUENCE);
    }

    private Response loginUser(String base64) {
        Optional<String> user = decode(base64);
        if (user.isEmpty()) {
            clearAuth();
            return badBase64();
        }
        pendingLoginUser = user.get();
        return Response.then(SmtpReply.of(334, null, b64("Password:")), Next.AUTH_LINE);
    }

    private Response plain(String base64) {
        Optional<String> decoded = "=".equals(base64) ? Optional.of("") : decode(base64);
        if (decoded.isEmpty()) {
            return badBase64();
        }
        // RFC 4616: [authzid] NUL authcid NUL passwd
        String[] parts = decoded.get().split("\u0000", -1);
        if (parts.length != 3 || (!parts[0].isEmpty() && !parts[0].equals(parts[1]))) {
            return Response.reply(SmtpReply.of(535, "5.7.8", "Authentication credentials invalid"));
        }
        return verify(parts[1], parts[2]);
    }

    private Response verify(String user, String password) {
        AuthenticationResult result = authenticator.authenticate(Protocol.SMTP, user, password.toCharArray());
        if (!result.success()) {
            return Response.reply(SmtpReply.of(535, "5.7.8", "Authentication credentials invalid"));
        }
        authenticated = result.account();
        return Response.reply(SmtpReply.of(235, "2.7.0", "Authentication successful"));
    }

    /** Abandons an AUTH exchange the transport ended (a malformed continuation line). */
    public void cancelAuth() {
        clearAuth();
    }

    private void clearAuth() {
        awaitingPlain = false;
        awaitingLoginUser = false;
        pendingLoginUser = null;
    }

    private static Response badBase64() {
        return Response.reply(SmtpReply.of(501, "5.5.2", "Cannot decode response"));
    }

    private static Optional<String> decode(String base64) {
        try {
            return Optional.of(new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The authenticated user, if any. */
    public Optional<MailAddress> authenticatedUser() {
        return Optional.ofNullable(authenticated);
    }

    /** The client, as it connected. */
    public ClientInfo client() {
        return client;
    }
}
