package org.iems.imapd.protocol.mime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
     * Where a section is in the message (RFC 3501 section 6.4.5): every section is one range of
     * octets, HEADER.FIELDS and HEADER.FIELDS.NOT the header they pick fields from.
     *
     * @param from the first octet
     * @param to the octet after the last
     * @param picksFields whether only some header fields of the range are the section
     */
    public record Range(int from, int to, boolean picksFields) {

        /** @return its length */
        public int length() {
            return to - from;
        }

        /**
         * The whole message, which needs no structure to find.
         *
         * @param size the message's size
         * @return the range
         */
        public static Range whole(long size) {
            return new Range(0, (int) size, false);
        }

        /**
         * The part of the range a partial fetch or URL names ({@code <start.length>}).
         *
         * @param start the first octet, from the range's start; -1 for no cut
         * @param length the most octets; -1 for the rest
         * @return the cut range, empty where the start lies beyond the end
         */
        public Range cut(long start, long length) {
            if (start < 0) {
                return this;
            }
            int first = (int) Math.min(from + start, to);
            int last = length < 0 ? to : (int) Math.min(first + length, to);
            return new Range(first, last, picksFields);
        }
    }

    /**
     * Finds a section.
     *
     * @param root the message's structure
     * @param section the section
     * @return where it is; empty if the message has no such section (its octets are none)
     */
    public static Optional<Range> range(MimePart root, Section section) {
        Optional<MimePart> found = find(root, section.path());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        MimePart part = found.get();
        String text = section.text();
        if (text.equals("MIME")) {
            return Optional.of(new Range(part.headerStart(), part.bodyStart(), false));
        }
        if (text.isEmpty()) {
            return Optional.of(section.path().isEmpty() ? new Range(0, root.end(), false)
                    : new Range(part.bodyStart(), part.end(), false));
        }
        MimePart msg = section.path().isEmpty() ? part : part.message().orElse(null);
        if (msg == null) {
            return Optional.empty();
        }
        return Optional.of(switch (text) {
            case "HEADER" -> new Range(msg.headerStart(), msg.bodyStart(), false);
            case "TEXT" -> new Range(msg.bodyStart(), msg.end(), false);
            default -> new Range(msg.headerStart(), msg.bodyStart(), true);
        });
    }

    /**
     * The octets of a section, read into memory (a header's fields, or a small section).
     *
     * @param source the message
     * @param root its structure
     * @param section the section
     * @return the octets; empty if the message has no such section
     * @throws IOException if the message cannot be read
     */
    public static byte[] read(MessageSource source, MimePart root, Section section) throws IOException {
        Optional<Range> range = range(root, section);
        if (range.isEmpty()) {
            return new byte[0];
        }
        byte[] octets;
        try (InputStream in = source.open(range.get().from(), range.get().to())) {
            octets = in.readAllBytes();
        }
        return range.get().picksFields() ? fields(octets, section.fields(), section.text().endsWith(".NOT")) : octets;
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

    /** The named header fields (or all others) of a header as they were written, then the blank line. */
    private static byte[] fields(byte[] message, List<String> names, boolean not) {
        List<String> wanted = names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        int end = message.length;
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
                String name = new String(message, at, colon - at, StandardCharsets.ISO_8859_1)
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
