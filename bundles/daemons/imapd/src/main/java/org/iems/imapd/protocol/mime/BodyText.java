package org.iems.imapd.protocol.mime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The text a reader sees in a message's body, for SEARCH BODY and TEXT (RFC 3501 section
 * 6.4.4): every text part decoded from its transfer encoding (base64, quoted-printable) and its
 * charset, the parts of multiparts and attached messages in order, with the preambles and
 * epilogues of multiparts, but not the header of an attached message (as Apache James's scripts
 * expect). Non-text parts are skipped; an unknown charset is read as UTF-8, broken encodings as
 * they are.
 */
public final class BodyText {

    private BodyText() {
    }

    /**
     * Extracts the searchable text.
     *
     * @param message the message octets
     * @param root its structure
     * @return the decoded text of its text parts
     */
    public static String of(byte[] message, MimePart root) {
        StringBuilder out = new StringBuilder();
        append(out, message, root, true);
        return out.toString();
    }

    private static void append(StringBuilder out, byte[] message, MimePart part, boolean top) {
        if (part.multipart()) {
            // the preamble and the epilogue are text a reader may see too; boundary lines are not
            List<MimePart> children = part.children();
            outside(out, message, part.bodyStart(), children.get(0).headerStart());
            for (MimePart child : children) {
                append(out, message, child, false);
            }
            outside(out, message, children.get(children.size() - 1).end(), part.end());
        } else if (part.message().isPresent()) {
            // an attached message's text counts, its header does not
            append(out, message, part.message().get(), false);
        } else if (part.type().type().equals("text") || top && part.type().value().isEmpty()) {
            byte[] raw = Arrays.copyOfRange(message, part.bodyStart(), part.end());
            String encoding = part.headers().first("Content-Transfer-Encoding").orElse("7bit").strip()
                    .toLowerCase(Locale.ROOT);
            byte[] decoded = switch (encoding) {
                case "base64" -> base64(raw);
                case "quoted-printable" -> quotedPrintable(raw);
                default -> raw;
            };
            out.append(new String(decoded, charset(part))).append('\n');
        }
    }

    private static void outside(StringBuilder out, byte[] message, int from, int to) {
        if (to <= from) {
            return;
        }
        new String(message, from, to - from, StandardCharsets.UTF_8).lines()
                .filter(line -> !line.startsWith("--")).forEach(line -> out.append(line).append('\n'));
    }

    private static Charset charset(MimePart part) {
        try {
            return Charset.forName(part.type().parameter("charset").orElse("UTF-8"));
        } catch (IllegalArgumentException unknown) {
            return StandardCharsets.UTF_8;
        }
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
