package org.iems.imapd.protocol.mime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

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
     * Extracts the searchable text, reading the text parts alone (never an attachment).
     *
     * @param message the message
     * @param root its structure
     * @return the decoded text of its text parts
     * @throws IOException if the message cannot be read
     */
    public static String of(MessageSource message, MimePart root) throws IOException {
        StringBuilder out = new StringBuilder();
        append(out, message, root, true);
        return out.toString();
    }

    private static void append(StringBuilder out, MessageSource message, MimePart part, boolean top)
            throws IOException {
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
            Optional<InputStream> decoding = TransferEncoding.decoding(message, part);
            try (InputStream in = decoding.isPresent() ? decoding.get() : message.open(part.bodyStart(), part.end())) {
                out.append(new String(in.readAllBytes(), charset(part))).append('\n');
            }
        }
    }

    private static void outside(StringBuilder out, MessageSource message, int from, int to) throws IOException {
        if (to <= from) {
            return;
        }
        try (InputStream in = message.open(from, to)) {
            new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.startsWith("--")).forEach(line -> out.append(line).append('\n'));
        }
    }

    /** A text part's charset; an unknown one is read as UTF-8. */
    static Charset charset(MimePart part) {
        try {
            return Charset.forName(part.type().parameter("charset").orElse("UTF-8"));
        } catch (IllegalArgumentException unknown) {
            return StandardCharsets.UTF_8;
        }
    }
}
