package org.iems.imapd.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Mailbox names in modified UTF-7 (RFC 3501 section 5.1.3): printable ASCII stands for itself,
 * {@code &} is {@code &-}, anything else is UTF-16 in base64 with {@code ,} for {@code /} between
 * {@code &} and {@code -}. Decoding is strict: a name that is not in the canonical form is refused,
 * so one mailbox never has two names.
 */
public final class ModifiedUtf7 {

    private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getDecoder();

    private ModifiedUtf7() {
    }

    /**
     * Encodes a name for the wire.
     *
     * @param name the name in Unicode
     * @return the name in modified UTF-7
     */
    public static String encode(String name) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < name.length()) {
            char c = name.charAt(i);
            if (c == '&') {
                out.append("&-");
                i++;
            } else if (c >= 0x20 && c <= 0x7e) {
                out.append(c);
                i++;
            } else {
                int end = i;
                while (end < name.length() && (name.charAt(end) < 0x20 || name.charAt(end) > 0x7e)) {
                    end++;
                }
                byte[] utf16 = name.substring(i, end).getBytes(StandardCharsets.UTF_16BE);
                out.append('&').append(ENCODER.encodeToString(utf16).replace('/', ',')).append('-');
                i = end;
            }
        }
        return out.toString();
    }

    /**
     * Decodes a name from the wire.
     *
     * @param wire the name in modified UTF-7
     * @return the name in Unicode
     * @throws InvalidMailboxNameException if it is not valid modified UTF-7
     */
    public static String decode(String wire) throws InvalidMailboxNameException {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < wire.length()) {
            char c = wire.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new InvalidMailboxNameException("Invalid mailbox name: not modified UTF-7");
            }
            if (c != '&') {
                out.append(c);
                i++;
                continue;
            }
            int dash = wire.indexOf('-', i + 1);
            if (dash < 0) {
                throw new InvalidMailboxNameException("Invalid mailbox name: unterminated modified UTF-7 shift");
            }
            if (dash == i + 1) {
                out.append('&');
            } else {
                out.append(shifted(wire.substring(i + 1, dash)));
            }
            i = dash + 1;
        }
        String name = out.toString();
        if (!encode(name).equals(wire)) {
            throw new InvalidMailboxNameException("Invalid mailbox name: not canonical modified UTF-7");
        }
        return name;
    }

    private static String shifted(String base64) throws InvalidMailboxNameException {
        if (!base64.chars().allMatch(ch -> ch >= 'A' && ch <= 'Z' || ch >= 'a' && ch <= 'z'
                || ch >= '0' && ch <= '9' || ch == '+' || ch == ',')) {
            throw new InvalidMailboxNameException("Invalid mailbox name: bad modified base64");
        }
        try {
            byte[] utf16 = DECODER.decode(base64.replace(',', '/'));
            if (utf16.length % 2 != 0) {
                throw new InvalidMailboxNameException("Invalid mailbox name: incomplete UTF-16");
            }
            return StandardCharsets.UTF_16BE.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(utf16)).toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw new InvalidMailboxNameException("Invalid mailbox name: bad modified base64");
        }
    }
}
