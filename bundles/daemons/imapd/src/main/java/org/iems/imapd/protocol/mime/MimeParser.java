package org.iems.imapd.protocol.mime;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the MIME structure of a message (RFC 2045, 2046): header and body of every part, the
 * parts of multiparts between their boundaries, the message inside message/rfc822. Broken input
 * never fails: a multipart without its boundary is read as one text part, nesting deeper than
 * {@link #MAX_DEPTH} is read as opaque octets.
 */
public final class MimeParser {

    /** The deepest nesting of multiparts and messages taken apart. */
    public static final int MAX_DEPTH = 40;
    private static final ContentType TEXT_PLAIN = ContentType.parse("text/plain");
    private static final ContentType MESSAGE = ContentType.parse("message/rfc822");
    private static final ContentType OCTETS = ContentType.parse("application/octet-stream");

    private final byte[] message;

    private MimeParser(byte[] message) {
        this.message = message;
    }

    /**
     * Parses a whole message.
     *
     * @param message its octets
     * @return its structure
     */
    public static MimePart parse(byte[] message) {
        return new MimeParser(message).part(0, message.length, TEXT_PLAIN, 0);
    }

    private MimePart part(int from, int to, ContentType defaultType, int depth) {
        int bodyStart = bodyStart(from, to);
        Headers headers = Headers.parse(message, from, bodyStart);
        ContentType declared = headers.first("Content-Type").map(ContentType::parse)
                .filter(t -> !t.type().isEmpty() && !t.subtype().isEmpty()).orElse(defaultType);
        boolean tooDeep = depth >= MAX_DEPTH
                && (declared.type().equals("multipart") || declared.value().equals("message/rfc822"));
        ContentType type = tooDeep ? OCTETS : declared;
        int lines = lines(bodyStart, to);
        if (type.type().equals("multipart")) {
            Optional<String> boundary = type.parameter("boundary").filter(b -> !b.isEmpty());
            List<MimePart> children = boundary.map(b -> children(bodyStart, to, b, type, depth))
                    .orElse(List.of());
            return new MimePart(from, bodyStart, to, headers, children.isEmpty() ? TEXT_PLAIN : type, lines, children,
                    Optional.empty());
        }
        Optional<MimePart> inner = type.value().equals("message/rfc822")
                ? Optional.of(part(bodyStart, to, TEXT_PLAIN, depth + 1)) : Optional.empty();
        return new MimePart(from, bodyStart, to, headers, type, lines, List.of(), inner);
    }

    private List<MimePart> children(int from, int to, String boundary, ContentType type, int depth) {
        ContentType childDefault = type.subtype().equals("digest") ? MESSAGE : TEXT_PLAIN;
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        List<MimePart> children = new ArrayList<>();
        int partStart = -1;
        int at = from;
        while (at < to) {
            int eol = lineEnd(at, to);
            if (startsWith(at, eol, delimiter)) {
                boolean closing = startsWith(at + delimiter.length, eol, new byte[] {'-', '-'});
                if (partStart >= 0) {
                    children.add(part(partStart, Math.max(partStart, beforeLineBreak(at, from)), childDefault,
                            depth + 1));
                }
                if (closing) {
                    return children;
                }
                partStart = Math.min(eol + 1, to);
            }
            at = eol + 1;
        }
        if (partStart >= 0 && partStart < to) {
            children.add(part(partStart, to, childDefault, depth + 1));
        }
        return children;
    }

    /** The CRLF before a boundary belongs to the boundary (RFC 2046 section 5.1.1). */
    private int beforeLineBreak(int at, int floor) {
        int end = at;
        if (end > floor && message[end - 1] == '\n') {
            end--;
            if (end > floor && message[end - 1] == '\r') {
                end--;
            }
        }
        return end;
    }

    private boolean startsWith(int at, int eol, byte[] prefix) {
        if (eol - at < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (message[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private int lineEnd(int at, int to) {
        int i = at;
        while (i < to && message[i] != '\n') {
            i++;
        }
        return i;
    }

    /** Where the body starts: after the first empty line, or at the end if there is none. */
    private int bodyStart(int from, int to) {
        int at = from;
        while (at < to) {
            int eol = lineEnd(at, to);
            int length = eol - at - (eol > at && message[eol - 1] == '\r' ? 1 : 0);
            if (length == 0) {
                return Math.min(eol + 1, to);
            }
            at = eol + 1;
        }
        return to;
    }

    /** Lines of a body: its line ends, as other servers count (a last line without one is not counted). */
    private int lines(int from, int to) {
        int lines = 0;
        for (int i = from; i < to; i++) {
            if (message[i] == '\n') {
                lines++;
            }
        }
        return lines;
    }
}
