package org.iems.api.mail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * RFC 3461 section 4 xtext, the encoding of the ENVID and ORCPT parameters: printable ASCII except
 * {@code +} and {@code =} as itself, every other octet as {@code +HH}.
 *
 * @since 1.1
 */
public final class Xtext {

    private Xtext() {
    }

    /**
     * Decodes xtext.
     *
     * @param text the xtext
     * @return the decoded text (UTF-8)
     * @throws IllegalArgumentException on a malformed escape or character
     */
    public static String decode(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '+') {
                if (i + 2 >= text.length()) {
                    throw new IllegalArgumentException("truncated xtext escape");
                }
                int hi = hex(text.charAt(i + 1));
                int lo = hex(text.charAt(i + 2));
                out.write(hi * 16 + lo);
                i += 2;
            } else if (c < 33 || c > 126 || c == '=') {
                throw new IllegalArgumentException("invalid xtext character");
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        throw new IllegalArgumentException("invalid xtext escape");
    }

    /**
     * Encodes text as xtext, for passing ENVID and ORCPT on.
     *
     * @param text the text
     * @return its xtext form
     */
    public static String encode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int v = b & 0xff;
            if (v >= 33 && v <= 126 && v != '+' && v != '=') {
                out.append((char) v);
            } else {
                out.append('+').append(Character.toUpperCase(Character.forDigit(v >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(v & 15, 16)));
            }
        }
        return out.toString();
    }
}
