package org.iems.imapd.internal.session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.iems.api.auth.AuthenticationResult;
import org.iems.imapd.protocol.ImapSyntaxException;

/**
 * The commands of the not-authenticated state (RFC 3501 section 6.2): STARTTLS, LOGIN and
 * AUTHENTICATE with SASL PLAIN (RFC 4616), with or without an initial response (RFC 4959).
 * Passwords are taken only under TLS or from trusted networks.
 */
final class LoginCommands {

    private final ImapSession session;
    private final LoginGate logins;

    LoginCommands(ImapSession session, LoginGate logins) {
        this.session = session;
        this.logins = logins;
    }

    void startTls(ImapSession.Request r) throws ImapSyntaxException, IOException, CommandFailed {
        r.args().end();
        if (session.tls() || !session.settings().tlsAvailable()) {
            throw new CommandFailed(null, session.tls() ? "TLS is already on" : "TLS is not available");
        }
        session.out().tagged(r.tag(), "OK", "Begin TLS negotiation now");
        session.startTlsNext();
    }

    void login(ImapSession.Request r) throws ImapSyntaxException, IOException, CommandFailed {
        String user = r.args().astring();
        r.args().space();
        String password = r.args().astring();
        r.args().end();
        requirePrivacy();
        checkPassword(r.tag(), user, password.toCharArray(), "LOGIN");
    }

    /** RFC 3501 section 6.2.2: an empty challenge, or the response on the command line (SASL-IR). */
    void authenticate(ImapSession.Request r) throws ImapSyntaxException, IOException, CommandFailed {
        String mechanism = r.args().keyword();
        String initial = null;
        if (r.args().skip(' ')) {
            initial = r.args().atom();
        }
        r.args().end();
        if (!mechanism.equals("PLAIN")) {
            throw new CommandFailed(null, "Unsupported authentication mechanism");
        }
        requirePrivacy();
        if (initial == null) {
            String tag = r.tag();
            session.expect(line -> saslResponse(tag, line));
            session.out().continuation("");
            return;
        }
        plain(r.tag(), initial.equals("=") ? "" : initial);
    }

    private void requirePrivacy() throws CommandFailed {
        if (!session.mayLogin()) {
            throw new CommandFailed("PRIVACYREQUIRED", "Use STARTTLS or port 993 before sending a password");
        }
    }

    private Next saslResponse(String tag, String line) throws IOException {
        if (line.equals("*")) {
            session.out().tagged(tag, "BAD", "Authentication cancelled");
            return session.countError();
        }
        try {
            plain(tag, line);
        } catch (CommandFailed e) {
            session.out().tagged(tag, "NO", e.replyText());
        }
        return Next.READ;
    }

    private void plain(String tag, String base64) throws IOException, CommandFailed {
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new CommandFailed(null, "Invalid base64 in the PLAIN response");
        }
        String[] parts = new String(decoded, StandardCharsets.UTF_8).split("\0", -1);
        if (parts.length != 3 || parts[1].isEmpty()) {
            throw new CommandFailed(null, "Invalid PLAIN response");
        }
        if (!parts[0].isEmpty() && !parts[0].equals(parts[1])) {
            throw new CommandFailed("AUTHORIZATIONFAILED", "Acting as another user is not allowed");
        }
        checkPassword(tag, parts[1], parts[2].toCharArray(), "AUTHENTICATE");
    }

    private void checkPassword(String tag, String user, char[] password, String command)
            throws IOException, CommandFailed {
        AuthenticationResult result = logins.login(user, password);
        if (!result.success()) {
            throw new CommandFailed("AUTHENTICATIONFAILED", "Authentication failed");
        }
        session.loggedIn(result.account());
        session.out().tagged(tag, "OK", "[CAPABILITY " + session.capabilities() + "] " + command + " completed");
    }
}
