package org.iems.smtpc.protocol;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server's reply (RFC 5321 section 4.2): a three-digit code and one or more lines of text.
 *
 * @param code the reply code
 * @param lines the text of each line, without the code and separator
 */
public record Reply(int code, List<String> lines) {

    private static final Pattern ENHANCED = Pattern.compile("^([245])\\.(\\d{1,3})\\.(\\d{1,3})(?:\\s|$)");

    /**
     * Creates the value with an unmodifiable copy of the lines.
     *
     * @param code the reply code
     * @param lines the lines
     */
    public Reply {
        lines = List.copyOf(lines);
    }

    /** Whether the reply is 2xx. */
    public boolean isPositive() {
        return code / 100 == 2;
    }

    /** Whether the reply is 3xx (354 to DATA). */
    public boolean isIntermediate() {
        return code / 100 == 3;
    }

    /** Whether the reply is 5xx: the request will never succeed. */
    public boolean isPermanent() {
        return code / 100 == 5;
    }

    /**
     * The enhanced status code (RFC 3463) the server gave at the start of the first line, if it did
     * and its class matches the reply code's.
     *
     * @return the status, e.g. {@code 5.1.1}
     */
    public Optional<String> enhancedStatus() {
        Matcher m = ENHANCED.matcher(lines.isEmpty() ? "" : lines.get(0));
        if (m.find() && m.group(1).charAt(0) - '0' == code / 100) {
            return Optional.of(m.group(1) + "." + m.group(2) + "." + m.group(3));
        }
        return Optional.empty();
    }

    /**
     * The enhanced status code, or the one implied by the reply code when the server gave none:
     * {@code X.0.0} with X the reply class (4 for a 3xx out of place).
     *
     * @return the status
     */
    public String status() {
        return enhancedStatus().orElseGet(() -> (code / 100 == 2 || code / 100 == 5 ? code / 100 : 4) + ".0.0");
    }

    /** The reply as one line of text, for logs and notifications: "550 5.1.1 no such user". */
    @Override
    public String toString() {
        return code + " " + String.join(" ", lines).strip();
    }
}
