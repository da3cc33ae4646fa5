package org.iems.smtpd.protocol;

import java.util.Optional;
import org.iems.api.mail.MailAddress;

/**
 * A parsed SMTP command (RFC 5321 section 4.1.1 and the extensions IEMS implements). Values are
 * immutable; whether a command is allowed now is the session's business, not the parser's.
 */
public sealed interface SmtpCommand {

    /** HELO or EHLO (RFC 5321 section 4.1.1.1). */
    record Hello(String clientName, boolean extended) implements SmtpCommand {
    }

    /** MAIL FROM; {@code sender} is empty for the null reverse-path {@code <>} (bounces). */
    record Mail(Optional<MailAddress> sender, MailParameters parameters) implements SmtpCommand {
    }

    /**
     * RCPT TO; {@code recipient} is empty for the bare {@code <Postmaster>} that RFC 5321 section
     * 4.1.1.3 obliges every server to accept.
     */
    record Rcpt(Optional<MailAddress> recipient, RcptParameters parameters) implements SmtpCommand {
    }

    /** DATA. */
    record Data() implements SmtpCommand {
    }

    /** BDAT (RFC 3030): a chunk of {@code size} octets follows; {@code last} ends the message. */
    record Bdat(long size, boolean last) implements SmtpCommand {
    }

    /** RSET. */
    record Rset() implements SmtpCommand {
    }

    /** NOOP. */
    record Noop() implements SmtpCommand {
    }

    /** QUIT. */
    record Quit() implements SmtpCommand {
    }

    /** VRFY (answered without disclosing accounts). */
    record Vrfy(String argument) implements SmtpCommand {
    }

    /** EXPN (answered without disclosing lists). */
    record Expn(String argument) implements SmtpCommand {
    }

    /** HELP. */
    record Help(String topic) implements SmtpCommand {
    }

    /** STARTTLS (RFC 3207). */
    record StartTls() implements SmtpCommand {
    }

    /** AUTH (RFC 4954): a SASL mechanism and an optional initial response ({@code =} for empty). */
    record Auth(String mechanism, Optional<String> initialResponse) implements SmtpCommand {
    }

    /** ETRN (RFC 1985): start the queue for a node (domain, {@code @domain} or {@code #queue}). */
    record Etrn(String node) implements SmtpCommand {
    }
}
