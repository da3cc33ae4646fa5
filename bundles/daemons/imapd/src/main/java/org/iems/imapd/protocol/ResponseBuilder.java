package org.iems.imapd.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds the octets of a response line in IMAP syntax (RFC 3501 section 4): atoms as given,
 * strings quoted when they can be and sent as literals when they cannot (line breaks, 8-bit
 * characters, quotes' limits), {@code NIL} for absent values.
 */
public final class ResponseBuilder {

    private static final int MAX_QUOTED = 1000;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(128);

    /**
     * Appends text as it is: atoms, numbers, parentheses, spaces.
     *
     * @param text the text (ASCII)
     * @return this
     */
    public ResponseBuilder raw(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
        return this;
    }

    /**
     * Appends a number.
     *
     * @param n the number
     * @return this
     */
    public ResponseBuilder number(long n) {
        return raw(Long.toString(n));
    }

    /**
     * Appends a space.
     *
     * @return this
     */
    public ResponseBuilder sp() {
        out.write(' ');
        return this;
    }

    /**
     * Appends a string, quoted or as a literal.
     *
     * @param s the string
     * @return this
     */
    public ResponseBuilder string(String s) {
        if (quotable(s)) {
            out.write('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"' || c == '\\') {
                    out.write('\\');
                }
                out.write(c);
            }
            out.write('"');
            return this;
        }
        return literal(s.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Appends a string or {@code NIL}.
     *
     * @param s the string, or null
     * @return this
     */
    public ResponseBuilder nstring(String s) {
        return s == null ? raw("NIL") : string(s);
    }

    /**
     * Appends an astring: an atom when the string is one, else a string (mailbox names).
     *
     * @param s the string
     * @return this
     */
    public ResponseBuilder astring(String s) {
        boolean atom = !s.isEmpty() && !s.equalsIgnoreCase("NIL")
                && s.chars().allMatch(c -> Arguments.isAtomChar((char) c) || c == ']');
        return atom ? raw(s) : string(s);
    }

    /**
     * Appends a literal.
     *
     * @param bytes its octets
     * @return this
     */
    public ResponseBuilder literal(byte[] bytes) {
        raw("{" + bytes.length + "}\r\n");
        out.write(bytes, 0, bytes.length);
        return this;
    }

    /**
     * Appends decoded content (RFC 3516 section 4): a literal8 ({@code ~{n}}) when it holds NUL,
     * which a plain literal may not, else a plain literal.
     *
     * @param bytes its octets
     * @return this
     */
    public ResponseBuilder binary(byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                raw("~");
                break;
            }
        }
        return literal(bytes);
    }

    private static boolean quotable(String s) {
        if (s.length() > MAX_QUOTED) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r' || c == '\n' || c == 0 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /**
     * The octets built so far.
     *
     * @return a copy
     */
    public byte[] toBytes() {
        return out.toByteArray();
    }
}
