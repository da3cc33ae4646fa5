package org.iems.smtpd.protocol;

import java.util.List;

/**
 * One SMTP reply (RFC 5321 section 4.2): a three-digit code, an enhanced status code (RFC 3463)
 * where one applies, and text lines.
 *
 * @param code the reply code, 200 to 599
 * @param enhanced the enhanced status code ({@code 5.1.1}), or {@code null} for replies that carry
 *        none (the greeting, EHLO, the DATA go-ahead)
 * @param lines the text, one entry per reply line, at least one
 */
public record SmtpReply(int code, String enhanced, List<String> lines) {

    public SmtpReply {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("reply code out of range: " + code);
        }
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a reply needs text");
        }
    }

    /** A one-line reply. */
    public static SmtpReply of(int code, String enhanced, String text) {
        return new SmtpReply(code, enhanced, List.of(text));
    }

    /** The same code and enhanced status with other text. */
    public SmtpReply withText(String text) {
        return new SmtpReply(code, enhanced, List.of(text));
    }

    /** 2xx. */
    public boolean positive() {
        return code < 400;
    }

    /** 4xx: the client may try again later. */
    public boolean transientFailure() {
        return code >= 400 && code < 500;
    }

    /**
     * The reply as sent on the wire: {@code code-text} continuation lines, {@code code text} on the
     * last, each ending in CRLF; the enhanced code leads each line's text when there is one.
     */
    public String toWire() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            out.append(code).append(i < lines.size() - 1 ? '-' : ' ');
            if (enhanced != null) {
                out.append(enhanced).append(' ');
            }
            out.append(lines.get(i)).append("\r\n");
        }
        return out.toString();
    }
}
