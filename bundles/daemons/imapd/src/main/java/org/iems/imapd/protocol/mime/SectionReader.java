package org.iems.imapd.protocol.mime;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.iems.imapd.protocol.Section;

/**
 * Takes a section out of a message (RFC 3501 section 6.4.5): part numbers walk multiparts and
 * encapsulated messages; a message that is not multipart has just part 1, its body. A section that
 * does not exist reads as empty, as other servers answer.
 */
public final class SectionReader {

    private SectionReader() {
    }

    /**
     * The octets of a section.
     *
     * @param message the whole message
     * @param root its structure
     * @param section the section
     * @return the octets; empty if the message has no such section
     */
    public static byte[] read(byte[] message, MimePart root, Section section) {
        Optional<MimePart> found = find(root, section.path());
        if (found.isEmpty()) {
            return new byte[0];
        }
        MimePart part = found.get();
        String text = section.text();
        if (text.equals("MIME")) {
            return Arrays.copyOfRange(message, part.headerStart(), part.bodyStart());
        }
        if (text.isEmpty()) {
            return section.path().isEmpty() ? message : Arrays.copyOfRange(message, part.bodyStart(), part.end());
        }
        MimePart msg = section.path().isEmpty() ? part : part.message().orElse(null);
        if (msg == null) {
            return new byte[0];
        }
        return switch (text) {
            case "HEADER" -> Arrays.copyOfRange(message, msg.headerStart(), msg.bodyStart());
            case "TEXT" -> Arrays.copyOfRange(message, msg.bodyStart(), msg.end());
            default -> fields(message, msg, section.fields(), text.endsWith(".NOT"));
        };
    }

    /**
     * Finds the part a path names.
     *
     * @param root the message's structure
     * @param path the part numbers
     * @return the part, or empty if there is none
     */
    public static Optional<MimePart> find(MimePart root, List<Integer> path) {
        MimePart current = root;
        for (int i = 0; i < path.size(); i++) {
            int n = path.get(i);
            MimePart container = current;
            if (i > 0 && !container.multipart()) {
                if (container.message().isEmpty()) {
                    return Optional.empty();
                }
                container = container.message().get();
            }
            if (container.multipart()) {
                if (n > container.children().size()) {
                    return Optional.empty();
                }
                current = container.children().get(n - 1);
            } else if (n != 1) {
                return Optional.empty();
            } else {
                current = container;
            }
        }
        return Optional.of(current);
    }

    /** The named header fields (or all others) as they were written, then the blank line. */
    private static byte[] fields(byte[] message, MimePart msg, List<String> names, boolean not) {
        List<String> wanted = names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = msg.headerStart();
        int end = msg.bodyStart();
        boolean keep = false;
        while (at < end) {
            int eol = at;
            while (eol < end && message[eol] != '\n') {
                eol++;
            }
            int lineEnd = Math.min(eol + 1, end);
            boolean blank = lineEnd - at <= 2 && (message[at] == '\r' || message[at] == '\n');
            if (blank) {
                break;
            }
            if (message[at] != ' ' && message[at] != '\t') {
                int colon = at;
                while (colon < eol && message[colon] != ':') {
                    colon++;
                }
                String name = new String(message, at, colon - at, java.nio.charset.StandardCharsets.ISO_8859_1)
                        .strip().toLowerCase(Locale.ROOT);
                keep = wanted.contains(name) != not && colon < eol;
            }
            if (keep) {
                out.write(message, at, lineEnd - at);
            }
            at = lineEnd;
        }
        out.write('\r');
        out.write('\n');
        return out.toByteArray();
    }
}
