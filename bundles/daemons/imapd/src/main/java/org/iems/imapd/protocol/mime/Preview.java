package org.iems.imapd.protocol.mime;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;

/**
 * A message's preview (RFC 8970): the start of what a reader sees first, the first text/plain
 * part, or the first text/html part without its markup when there is no plain one; white space
 * runs made one space; at most 256 characters, never a broken surrogate pair.
 */
public final class Preview {

    /** RFC 8970 section 3: no more than 256 characters. */
    static final int MAX = 256;

    private Preview() {
    }

    /** The most decoded octets of the part read: plenty for 256 characters, even of HTML. */
    static final int READ = 64 * 1024;

    /**
     * The preview of a message.
     *
     * @param message the message
     * @param root its structure
     * @return the preview; empty text when the message has no text to show
     * @throws IOException if the message cannot be read
     */
    public static String of(MessageSource message, MimePart root) throws IOException {
        Optional<MimePart> part = first(root, "plain");
        boolean html = part.isEmpty();
        if (html) {
            part = first(root, "html");
        }
        if (part.isEmpty()) {
            return "";
        }
        byte[] decoded = new byte[0];
        Optional<InputStream> decoding = TransferEncoding.decoding(message, part.get());
        if (decoding.isPresent()) {
            try (InputStream in = decoding.get()) {
                decoded = in.readNBytes(READ);
            }
        }
        String text = new String(decoded, BodyText.charset(part.get()));
        if (html) {
            text = text.replaceAll("(?is)<(script|style)\\b.*?</\\1\\s*>", " ").replaceAll("(?s)<[^>]*>", " ")
                    .replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                    .replace("&amp;", "&");
        }
        String collapsed = text.replaceAll("\\s+", " ").strip();
        if (collapsed.codePointCount(0, collapsed.length()) <= MAX) {
            return collapsed;
        }
        return collapsed.substring(0, collapsed.offsetByCodePoints(0, MAX));
    }

    /** The first text part of a subtype, depth first, not inside an attached message. */
    private static Optional<MimePart> first(MimePart part, String subtype) {
        if (part.multipart()) {
            for (MimePart child : part.children()) {
                Optional<MimePart> found = first(child, subtype);
                if (found.isPresent()) {
                    return found;
                }
            }
            return Optional.empty();
        }
        boolean text = part.type().value().isEmpty() ? subtype.equals("plain")
                : part.type().type().equals("text") && part.type().subtype().equals(subtype);
        boolean attachment = part.headers().first("Content-Disposition").map(d -> d.strip().toLowerCase(Locale.ROOT)
                .startsWith("attachment")).orElse(false);
        return text && !attachment ? Optional.of(part) : Optional.empty();
    }
}
