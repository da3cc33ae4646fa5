package org.iems.smtpd.protocol;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.iems.api.mail.InvalidAddressException;
import org.iems.api.mail.MailAddress;
import org.iems.api.mail.Xtext;

/**
 * Parses one SMTP command line (without its CRLF) into an {@link SmtpCommand}, per RFC 5321
 * section 4.1.1 and the ESMTP extensions IEMS implements: SIZE (RFC 1870), 8BITMIME (RFC 6152),
 * SMTPUTF8 (RFC 6531), DSN (RFC 3461), CHUNKING/BINARYMIME (RFC 3030), AUTH (RFC 4954),
 * STARTTLS (RFC 3207), ETRN (RFC 1985).
 *
 * <p>Paths must be in angle brackets. A source route ({@code <@a,@b:user@c>}) is accepted and
 * dropped, as RFC 5321 section 4.1.1.3 asks: only the final mailbox counts, so it cannot be used
 * to relay. A space after the colon ({@code MAIL FROM: <a@b>}) is tolerated.
 */
public final class CommandParser {

    private CommandParser() {
    }

    /**
     * Parses a command line.
     *
     * @param line the line, CRLF removed
     * @return the command
     * @throws SmtpSyntaxException with the reply to give (500 unknown command, 501 syntax, 555 parameter)
     */
    public static SmtpCommand parse(String line) throws SmtpSyntaxException {
        int space = line.indexOf(' ');
        String verb = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
        String rest = space < 0 ? "" : line.substring(space + 1);
        return switch (verb) {
            case "EHLO" -> new SmtpCommand.Hello(clientName(rest), true);
            case "HELO" -> new SmtpCommand.Hello(clientName(rest), false);
            case "MAIL" -> mail(rest);
            case "RCPT" -> rcpt(rest);
            case "DATA" -> noArgument(rest, new SmtpCommand.Data());
            case "BDAT" -> bdat(rest);
            case "RSET" -> noArgument(rest, new SmtpCommand.Rset());
            case "NOOP" -> new SmtpCommand.Noop();
            case "QUIT" -> noArgument(rest, new SmtpCommand.Quit());
            case "VRFY" -> new SmtpCommand.Vrfy(required(rest));
            case "EXPN" -> new SmtpCommand.Expn(required(rest));
            case "HELP" -> new SmtpCommand.Help(rest.strip());
            case "STARTTLS" -> noArgument(rest, new SmtpCommand.StartTls());
            case "AUTH" -> auth(rest);
            case "ETRN" -> new SmtpCommand.Etrn(required(rest));
            default -> throw new SmtpSyntaxException(Replies.UNKNOWN_COMMAND);
        };
    }

    private static String clientName(String rest) throws SmtpSyntaxException {
        String name = rest.strip();
        if (name.isEmpty() || name.contains(" ")) {
            throw new SmtpSyntaxException(Replies.SYNTAX.withText("Syntax: EHLO hostname"));
        }
        return name;
    }

    private static <T extends SmtpCommand> T noArgument(String rest, T command) throws SmtpSyntaxException {
        if (!rest.isBlank()) {
            throw new SmtpSyntaxException(Replies.SYNTAX);
        }
        return command;
    }

    private static String required(String rest) throws SmtpSyntaxException {
        if (rest.isBlank()) {
            throw new SmtpSyntaxException(Replies.SYNTAX);
        }
        return rest.strip();
    }

    // ----- MAIL FROM:<reverse-path> [params]

    private static SmtpCommand mail(String rest) throws SmtpSyntaxException {
        String args = afterKeyword(rest, "FROM:");
        int end = pathEnd(args);
        String path = args.substring(0, end + 1);
        Optional<MailAddress> sender = path.equals("<>") ? Optional.empty() : Optional.of(mailbox(path));
        return new SmtpCommand.Mail(sender, mailParameters(args.substring(end + 1)));
    }

    private static SmtpCommand rcpt(String rest) throws SmtpSyntaxException {
        String args = afterKeyword(rest, "TO:");
        int end = pathEnd(args);
        String path = args.substring(0, end + 1);
        Optional<MailAddress> recipient = path.equalsIgnoreCase("<postmaster>") ? Optional.empty()
                : Optional.of(mailbox(path));
        return new SmtpCommand.Rcpt(recipient, rcptParameters(args.substring(end + 1)));
    }

    private static String afterKeyword(String rest, String keyword) throws SmtpSyntaxException {
        if (!rest.regionMatches(true, 0, keyword, 0, keyword.length())) {
            throw new SmtpSyntaxException(Replies.SYNTAX.withText("Syntax: MAIL FROM:<address> or RCPT TO:<address>"));
        }
        String args = rest.substring(keyword.length());
        return args.startsWith(" ") ? args.stripLeading() : args;
    }

    /** Index of the '>' closing the path that starts at 0, skipping quoted strings. */
    private static int pathEnd(String args) throws SmtpSyntaxException {
        if (!args.startsWith("<")) {
            throw new SmtpSyntaxException(Replies.BAD_ADDRESS.withText("Bad address syntax: the address must be in <>"));
        }
        boolean quoted = false;
        for (int i = 1; i < args.length(); i++) {
            char c = args.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '>' && !quoted) {
                return i;
            }
        }
        throw new SmtpSyntaxException(Replies.BAD_ADDRESS.withText("Bad address syntax: missing >"));
    }

    /** The mailbox of a path, source route dropped. */
    private static MailAddress mailbox(String path) throws SmtpSyntaxException {
        String inner = path.substring(1, path.length() - 1);
        if (inner.startsWith("@")) {
            int colon = inner.indexOf(':');
            if (colon < 0) {
                throw new SmtpSyntaxException(Replies.BAD_ADDRESS.withText("Bad address syntax: source route without ':'"));
            }
            inner = inner.substring(colon + 1);
        }
        try {
            return MailAddress.parse(inner);
        } catch (InvalidAddressException e) {
            throw new SmtpSyntaxException(Replies.BAD_ADDRESS.withText("Bad address syntax: " + e.getMessage()));
        }
    }

    // ----- parameters

    private static MailParameters mailParameters(String text) throws SmtpSyntaxException {
        OptionalLong size = OptionalLong.empty();
        MailParameters.Body body = MailParameters.Body.SEVEN_BIT;
        boolean utf8 = false;
        Optional<MailParameters.Ret> ret = Optional.empty();
        Optional<String> envid = Optional.empty();
        Optional<String> auth = Optional.empty();
        for (Parameter param : parameters(text)) {
            String value = param.value();
            switch (param.key()) {
                case "SIZE" -> size = OptionalLong.of(number(value, "SIZE"));
                case "BODY" -> body = switch (upper(value, "BODY")) {
                    case "7BIT" -> MailParameters.Body.SEVEN_BIT;
                    case "8BITMIME" -> MailParameters.Body.EIGHT_BIT_MIME;
                    case "BINARYMIME" -> MailParameters.Body.BINARY_MIME;
                    default -> throw new SmtpSyntaxException(Replies.SYNTAX.withText("Unknown BODY type " + value));
                };
                case "SMTPUTF8" -> {
                    if (value != null) {
                        throw new SmtpSyntaxException(Replies.SYNTAX.withText("SMTPUTF8 takes no value"));
                    }
                    utf8 = true;
                }
                case "RET" -> ret = Optional.of(switch (upper(value, "RET")) {
                    case "FULL" -> MailParameters.Ret.FULL;
                    case "HDRS" -> MailParameters.Ret.HDRS;
                    default -> throw new SmtpSyntaxException(Replies.SYNTAX.withText("RET must be FULL or HDRS"));
                });
                case "ENVID" -> envid = Optional.of(xtext(value, "ENVID", 100));
                case "AUTH" -> auth = Optional.of(xtext(value, "AUTH", 500));
                default -> throw new SmtpSyntaxException(Replies.PARAMETER_NOT_IMPLEMENTED.withText(
                        "MAIL FROM parameter " + param.key() + " not recognized or not implemented"));
            }
        }
        return new MailParameters(size, body, utf8, ret, envid, auth);
    }

    private static RcptParameters rcptParameters(String text) throws SmtpSyntaxException {
        Set<RcptParameters.Notify> notify = EnumSet.noneOf(RcptParameters.Notify.class);
        Optional<String> orcpt = Optional.empty();
        for (Parameter param : parameters(text)) {
            String value = param.value();
            switch (param.key()) {
                case "NOTIFY" -> notify = notify(value);
                case "ORCPT" -> orcpt = Optional.of(orcpt(value));
                default -> throw new SmtpSyntaxException(Replies.PARAMETER_NOT_IMPLEMENTED.withText(
                        "RCPT TO parameter " + param.key() + " not recognized or not implemented"));
            }
        }
        return new RcptParameters(notify, orcpt);
    }

    /** One ESMTP parameter: the keyword in upper case, the value or {@code null}. */
    private record Parameter(String key, String value) {
    }

    /** Splits {@code " KEY=value KEY2"} into parameters; keywords are checked and may not repeat. */
    private static List<Parameter> parameters(String text) throws SmtpSyntaxException {
        List<Parameter> params = new ArrayList<>();
        if (text.isBlank()) {
            return params;
        }
        if (!text.startsWith(" ")) {
            throw new SmtpSyntaxException(Replies.SYNTAX.withText("Syntax: a space must follow the address"));
        }
        Set<String> seen = new HashSet<>();
        for (String p : text.strip().split(" +")) {
            int eq = p.indexOf('=');
            String key = eq < 0 ? p : p.substring(0, eq);
            if (key.isEmpty() || !key.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || c == '-')
                    || (eq >= 0 && eq == p.length() - 1)) {
                throw new SmtpSyntaxException(Replies.SYNTAX.withText("Syntax error in parameter " + p));
            }
            String upper = key.toUpperCase(Locale.ROOT);
            if (!seen.add(upper)) {
                throw new SmtpSyntaxException(Replies.SYNTAX.withText("Parameter " + upper + " given twice"));
            }
            params.add(new Parameter(upper, eq < 0 ? null : p.substring(eq + 1)));
        }
        return params;
    }

    private static Set<RcptParameters.Notify> notify(String value) throws SmtpSyntaxException {
        Set<RcptParameters.Notify> notify = EnumSet.noneOf(RcptParameters.Notify.class);
        for (String v : upper(value, "NOTIFY").split(",", -1)) {
            try {
                notify.add(RcptParameters.Notify.valueOf(v));
            } catch (IllegalArgumentException e) {
                throw new SmtpSyntaxException(Replies.SYNTAX.withText("Unknown NOTIFY value " + v));
            }
        }
        if (notify.contains(RcptParameters.Notify.NEVER) && notify.size() > 1) {
            throw new SmtpSyntaxException(Replies.SYNTAX.withText("NOTIFY=NEVER cannot be combined"));
        }
        return notify;
    }

    private static String orcpt(String value) throws SmtpSyntaxException {
        String decoded = xtext(value, "ORCPT", 500);
        int semi = decoded.indexOf(';');
        if (semi <= 0 || semi == decoded.length() - 1) {
            throw new SmtpSyntaxException(Replies.SYNTAX.withText("ORCPT must be addr-type;address"));
        }
        return decoded;
    }

    private static String upper(String value, String key) throws SmtpSyntaxException {
        if (value == null) {
            throw new SmtpSyntaxException(Replies.SYNTAX.withText(key + " needs a value"));
        }
        return value.toUpperCase(Locale.ROOT);
    }

    private static long number(String value, String key) throws SmtpSyntaxException {
        if (value == null || value.isEmpty() || value.length() > 18 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new SmtpSyntaxException(Replies.SYNTAX.withText(key + " must be a number"));
        }
        return Long.parseLong(value);
    }

    private static String xtext(String value, String key, int maxLength) throws SmtpSyntaxException {
        if (value == null || value.length() > maxLength) {
            throw new SmtpSyntaxException(Replies.SYNTAX.withText(key + " is missing or too long"));
        }
        try {
            return Xtext.decode(value);
        } catch (IllegalArgumentException e) {
            throw new SmtpSyntaxException(Replies.SYNTAX.withText(key + " is not valid xtext"));
        }
    }

    // ----- AUTH, BDAT

    private static SmtpCommand auth(String rest) throws SmtpSyntaxException {
        String[] parts = rest.strip().split(" +");
        if (parts.length < 1 || parts[0].isEmpty() || parts.length > 2) {
            throw new SmtpSyntaxException(Replies.SYNTAX.withText("Syntax: AUTH mechanism [initial-response]"));
        }
        return new SmtpCommand.Auth(parts[0].toUpperCase(Locale.ROOT),
                parts.length == 2 ? Optional.of(parts[1]) : Optional.empty());
    }

    private static SmtpCommand bdat(String rest) throws SmtpSyntaxException {
        String[] parts = rest.strip().split(" +");
        if (parts.length < 1 || parts.length > 2 || (parts.length == 2 && !parts[1].equalsIgnoreCase("LAST"))) {
            throw new SmtpSyntaxException(Replies.SYNTAX.withText("Syntax: BDAT size [LAST]"));
        }
        return new SmtpCommand.Bdat(number(parts[0], "BDAT size"), parts.length == 2);
    }
}
