package org.iems.pop3d.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.iems.api.auth.AuthenticationResult;
import org.iems.api.mail.MailAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The POP3 conversation of one connection (RFC 1939, CAPA from RFC 2449, STLS from RFC 2595,
 * AUTH PLAIN from RFC 5034), as plain Java: a command line in, a reply out. States
 * AUTHORIZATION, TRANSACTION and UPDATE; deletions happen only in UPDATE, after QUIT; the
 * maildrop lock is released however the session ends ({@link #end()}).
 *
 * <p>Passwords travel only under TLS, except from trusted networks: elsewhere USER, PASS and AUTH
 * are refused and CAPA does not offer them.
 */
public final class Pop3Session {

    private static final Logger LOG = LoggerFactory.getLogger(Pop3Session.class);
    /** RFC 1939: numbers and counts are decimal; anything longer than this is no valid one. */
    private static final int MAX_DIGITS = 9;

    private enum State { AUTHORIZATION, TRANSACTION, UPDATE }

    private final SessionSettings settings;
    private final LoginGate logins;
    private final Maildrops maildrops;
    private State state = State.AUTHORIZATION;
    private boolean tls;
    private String user;
    private boolean awaitingSaslResponse;
    private MailAddress account;
    private Maildrop maildrop;
    private List<MaildropMessage> messages = List.of();
    private final BitSet deleted = new BitSet();
    private int errors;

    /**
     * @param settings what the session may offer
     * @param logins checks passwords (throttled and logged by the connection)
     * @param maildrops opens the logged-in user's maildrop
     */
    public Pop3Session(SessionSettings settings, LoginGate logins, Maildrops maildrops) {
        this.settings = settings;
        this.logins = logins;
        this.maildrops = maildrops;
        this.tls = settings.tls();
    }

    /**
     * The greeting.
     *
     * @return {@code +OK} with the host name
     */
    public Pop3Reply greeting() {
        return Pop3Reply.ok(settings.hostName() + " IEMS POP3 server ready");
    }

    /** TLS is now on (after STLS). */
    public void tlsStarted() {
        tls = true;
    }

    /**
     * The account logged in, once logged in.
     *
     * @return the account, or empty before login
     */
    public Optional<MailAddress> account() {
        return Optional.ofNullable(account);
    }

    /**
     * Handles one line from the client.
     *
     * @param line the line without CRLF
     * @return the reply
     */
    public Pop3Reply handle(String line) {
        if (awaitingSaslResponse) {
            awaitingSaslResponse = false;
            return saslResponse(line);
        }
        int space = line.indexOf(' ');
        String keyword = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
        String argument = space < 0 ? "" : line.substring(space + 1);
        Pop3Reply reply = switch (state) {
            case AUTHORIZATION -> authorization(keyword, argument);
            case TRANSACTION -> transaction(keyword, argument);
            case UPDATE -> Pop3Reply.err("Session is ending").then(Pop3Reply.Next.CLOSE);
        };
        return counted(reply);
    }

    /** The line was longer than the connection accepts. */
    public Pop3Reply lineTooLong() {
        return counted(Pop3Reply.err("Line too long"));
    }

    /** The client stayed silent too long; the connection closes after this reply. */
    public Pop3Reply autologout() {
        return Pop3Reply.err("Autologout; idle for too long").then(Pop3Reply.Next.CLOSE);
    }

    private Pop3Reply counted(Pop3Reply reply) {
        if (reply.positive() || reply.next() != Pop3Reply.Next.READ) {
            return reply;
        }
        if (++errors >= settings.maxErrors()) {
            return Pop3Reply.err("Too many errors, closing").then(Pop3Reply.Next.CLOSE);
        }
        return reply;
    }

    /**
     * Ends the session however it ended: the maildrop lock is released; nothing is deleted
     * unless QUIT was given in the TRANSACTION state.
     */
    public void end() {
        if (maildrop != null) {
            maildrop.release();
            maildrop = null;
        }
    }

    // ----- AUTHORIZATION

    private Pop3Reply authorization(String keyword, String argument) {
        return switch (keyword) {
            case "CAPA" -> capa();
            case "USER" -> user(argument);
            case "PASS" -> pass(argument);
            case "AUTH" -> auth(argument);
            case "STLS" -> stls();
            case "QUIT" -> Pop3Reply.ok("IEMS POP3 server signing off").then(Pop3Reply.Next.CLOSE);
            case "APOP" -> Pop3Reply.err("[AUTH] APOP is not supported; use USER/PASS or AUTH PLAIN under TLS");
            case "STAT", "LIST", "RETR", "DELE", "NOOP", "RSET", "TOP", "UIDL" -> Pop3Reply.err("Log in first");
            default -> Pop3Reply.err("Unknown command");
        };
    }

    private boolean passwordsAllowed() {
        return tls || settings.trusted();
    }

    private Pop3Reply capa() {
        List<String> caps = new ArrayList<>(List.of("TOP", "UIDL", "RESP-CODES", "AUTH-RESP-CODE", "PIPELINING",
                "EXPIRE NEVER", "IMPLEMENTATION IEMS"));
        if (state == State.AUTHORIZATION) {
            if (passwordsAllowed()) {
                caps.add("USER");
                caps.add("SASL PLAIN");
            }
            if (!tls && settings.tlsAvailable()) {
                caps.add("STLS");
            }
        }
        return Pop3Reply.list("Capability list follows", caps);
    }

    private Pop3Reply plaintextRefused() {
        return Pop3Reply.err("[AUTH] Plaintext authentication is refused on an unencrypted connection; use STLS"
                + " or port 995");
    }

    private Pop3Reply user(String name) {
        if (!passwordsAllowed()) {
            return plaintextRefused();
        }
        if (name.isBlank()) {
            return Pop3Reply.err("USER needs a name");
        }
        user = name.strip();
        return Pop3Reply.ok("Send the password");
    }

    private Pop3Reply pass(String password) {
        if (!passwordsAllowed()) {
            return plaintextRefused();
        }
        if (user == null) {
            return Pop3Reply.err("USER first");
        }
        String login = user;
        user = null;
        return login(login, password.toCharArray());
    }

    private Pop3Reply auth(String argument) {
        if (argument.isBlank()) {
            return Pop3Reply.list("Mechanisms follow", passwordsAllowed() ? List.of("PLAIN") : List.of());
        }
        if (!passwordsAllowed()) {
            return plaintextRefused();
        }
        String[] parts = argument.strip().split(" ", 2);
        if (!parts[0].equalsIgnoreCase("PLAIN")) {
            return Pop3Reply.err("Unsupported authentication mechanism");
        }
        if (parts.length == 1) {
            awaitingSaslResponse = true;
            return Pop3Reply.continuation();
        }
        return saslResponse(parts[1]);
    }

    /** The PLAIN response (RFC 4616): authzid NUL authcid NUL password; "*" cancels. */
    private Pop3Reply saslResponse(String line) {
        if (line.strip().equals("*")) {
            return Pop3Reply.err("Authentication cancelled");
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(line.strip().equals("=") ? "" : line.strip());
        } catch (IllegalArgumentException e) {
            return Pop3Reply.err("Invalid base64 in the authentication response");
        }
        String[] fields = new String(decoded, StandardCharsets.UTF_8).split("\0", -1);
        Arrays.fill(decoded, (byte) 0);
        if (fields.length != 3 || fields[1].isEmpty()) {
            return Pop3Reply.err("Malformed PLAIN authentication response");
        }
        if (!fields[0].isEmpty() && !fields[0].equals(fields[1])) {
            return Pop3Reply.err("[AUTH] Logging in as another user is not allowed");
        }
        return login(fields[1], fields[2].toCharArray());
    }

    private Pop3Reply login(String login, char[] password) {
        AuthenticationResult result = logins.login(login, password);
        Arrays.fill(password, '\0');
        if (!result.success()) {
            return Pop3Reply.err("[AUTH] Invalid login or password");
        }
        Optional<Maildrop> opened;
        try {
            opened = maildrops.open(result.account());
        } catch (IOException e) {
            LOG.warn("cannot open the maildrop of {}: {}", result.account(), e.getMessage());
            return Pop3Reply.err("[SYS/TEMP] The maildrop cannot be opened now; try again later");
        }
        if (opened.isEmpty()) {
            return Pop3Reply.err("[IN-USE] The maildrop is in use by another POP3 session");
        }
        account = result.account();
        maildrop = opened.get();
        messages = maildrop.messages();
        state = State.TRANSACTION;
        return Pop3Reply.ok("Logged in, " + summary());
    }

    private Pop3Reply stls() {
        if (tls) {
            return Pop3Reply.err("TLS is already on");
        }
        if (!settings.tlsAvailable()) {
            return Pop3Reply.err("STLS is not available");
        }
        user = null;
        return Pop3Reply.ok("Begin TLS negotiation").then(Pop3Reply.Next.START_TLS);
    }

    // ----- TRANSACTION

    private Pop3Reply transaction(String keyword, String argument) {
        return switch (keyword) {
            case "STAT" -> Pop3Reply.ok(count() + " " + octets());
            case "LIST" -> argument.isBlank() ? listAll(false) : one(argument, false);
            case "UIDL" -> argument.isBlank() ? listAll(true) : one(argument, true);
            case "RETR" -> retrieve(argument);
            case "TOP" -> top(argument);
            case "DELE" -> delete(argument);
            case "NOOP" -> Pop3Reply.ok("");
            case "RSET" -> reset();
            case "QUIT" -> quit();
            case "CAPA" -> capa();
            case "USER", "PASS", "AUTH", "APOP" -> Pop3Reply.err("Already logged in");
            case "STLS" -> Pop3Reply.err("STLS is only allowed before login");
            default -> Pop3Reply.err("Unknown command");
        };
    }

    private int count() {
        return messages.size() - deleted.cardinality();
    }

    private long octets() {
        long total = 0;
        for (int i = 0; i < messages.size(); i++) {
            if (!deleted.get(i)) {
                total += messages.get(i).size();
            }
        }
        return total;
    }

    private String summary() {
        return count() + " messages (" + octets() + " octets)";
    }

    private Pop3Reply listAll(boolean uidl) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            if (!deleted.get(i)) {
                lines.add((i + 1) + " " + (uidl ? messages.get(i).uniqueId() : messages.get(i).size()));
            }
        }
        return Pop3Reply.list(uidl ? "Unique-ids follow" : summary(), lines);
    }

    private Pop3Reply one(String argument, boolean uidl) {
        return message(argument).map(i -> Pop3Reply.ok((i + 1) + " "
                + (uidl ? messages.get(i).uniqueId() : messages.get(i).size()))).orElseGet(this::noSuchMessage);
    }

    private Pop3Reply noSuchMessage() {
        return Pop3Reply.err("No such message");
    }

    /** The index of a message number that names a message not marked deleted. */
    private Optional<Integer> message(String argument) {
        Optional<Long> number = number(argument.strip());
        if (number.isEmpty() || number.get() < 1 || number.get() > messages.size()
                || deleted.get((int) (number.get() - 1))) {
            return Optional.empty();
        }
        return Optional.of((int) (number.get() - 1));
    }

    private static Optional<Long> number(String text) {
        if (text.isEmpty() || text.length() > MAX_DIGITS || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(text));
    }

    private Pop3Reply retrieve(String argument) {
        Optional<Integer> index = message(argument);
        if (index.isEmpty()) {
            return noSuchMessage();
        }
        MaildropMessage m = messages.get(index.get());
        return open(m).map(in -> Pop3Reply.message(m.size() + " octets", in, -1)).orElseGet(this::unreadable);
    }

    private Pop3Reply top(String argument) {
        String[] parts = argument.strip().split(" +");
        if (parts.length != 2) {
            return Pop3Reply.err("TOP needs a message number and a line count");
        }
        Optional<Integer> index = message(parts[0]);
        Optional<Long> lines = number(parts[1]);
        if (lines.isEmpty()) {
            return Pop3Reply.err("Invalid line count");
        }
        if (index.isEmpty()) {
            return noSuchMessage();
        }
        return open(messages.get(index.get())).map(in -> Pop3Reply.message("Top of message follows", in, lines.get()))
                .orElseGet(this::unreadable);
    }

    private Optional<InputStream> open(MaildropMessage m) {
        try {
            return Optional.of(maildrop.open(m));
        } catch (IOException e) {
            LOG.warn("cannot read message uid {} of {}: {}", m.uid(), account, e.getMessage());
            return Optional.empty();
        }
    }

    private Pop3Reply unreadable() {
        return Pop3Reply.err("[SYS/TEMP] The message cannot be read now");
    }

    private Pop3Reply delete(String argument) {
        Optional<Integer> index = message(argument);
        if (index.isEmpty()) {
            return noSuchMessage();
        }
        deleted.set(index.get());
        return Pop3Reply.ok("Message " + (index.get() + 1) + " deleted");
    }

    private Pop3Reply reset() {
        deleted.clear();
        return Pop3Reply.ok(summary());
    }

    private Pop3Reply quit() {
        state = State.UPDATE;
        List<MaildropMessage> gone = new ArrayList<>();
        deleted.stream().forEach(i -> gone.add(messages.get(i)));
        try {
            if (!gone.isEmpty()) {
                maildrop.remove(gone);
            }
            return Pop3Reply.ok("IEMS POP3 server signing off (" + count() + " messages left)")
                    .then(Pop3Reply.Next.CLOSE);
        } catch (IOException e) {
            LOG.warn("cannot remove {} deleted messages of {}: {}", gone.size(), account, e.getMessage());
            return Pop3Reply.err("[SYS/TEMP] Some deleted messages were not removed").then(Pop3Reply.Next.CLOSE);
        } finally {
            end();
        }
    }
}
