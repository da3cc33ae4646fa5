package org.iems.imapd.protocol.mime;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * Content-Transfer-Encoding (RFC 2045 section 6): a part's body decoded to the octets it stands
 * for, as SEARCH reads text parts and BINARY (RFC 3516) serves them. Broken base64 and stray
 * {@code =} in quoted-printable are kept as they are, as mail readers show them.
 */
public final class TransferEncoding {

    private TransferEncoding() {
    }

    /**
     * Decodes a part's body.
     *
     * @param message the message octets
     * @param part the part (not a multipart)
     * @return the decoded octets; empty if the encoding is not one of RFC 2045's
     */
    public static Optional<byte[]> decode(byte[] message, MimePart part) {
        byte[] raw = Arrays.copyOfRange(message, part.bodyStart(), part.end());
        String encoding = part.headers().first("Content-Transfer-Encoding").orElse("7bit").strip()
                .toLowerCase(Locale.ROOT);
        return switch (encoding) {
            case "7bit", "8bit", "binary" -> Optional.of(raw);
            case "base64" -> Optional.of(base64(raw));
            case "quoted-printable" -> Optional.of(quotedPrintable(raw));
            default -> Optional.empty();
        };
    }

    private static byte[] base64(byte[] raw) {
        try {
            return Base64.getMimeDecoder().decode(raw);
        } catch (IllegalArgumentException broken) {
            return raw;
        }
    }

    private static byte[] quotedPrintable(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
        for (int i = 0; i < raw.length; i++) {
            byte b = raw[i];
            if (b != '=') {
                out.write(b);
            } else if (i + 2 < raw.length && raw[i + 1] == '\r' && raw[i + 2] == '\n') {
                i += 2;
            } else if (i + 1 < raw.length && raw[i + 1] == '\n') {
                i += 1;
            } else if (i + 2 < raw.length && Character.digit(raw[i + 1], 16) >= 0
                    && Character.digit(raw[i + 2], 16) >= 0) {
                out.write(Character.digit(raw[i + 1], 16) * 16 + Character.digit(raw[i + 2], 16));
                i += 2;
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }
}
