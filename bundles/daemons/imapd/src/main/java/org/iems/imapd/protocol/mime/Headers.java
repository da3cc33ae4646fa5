package org.iems.imapd.protocol.mime;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The header fields of a message or MIME part (RFC 5322 section 2.2), in order. */
public final class Headers {

    private final List<HeaderField> fields;

    private Headers(List<HeaderField> fields) {
        this.fields = List.copyOf(fields);
    }

    /**
     * Parses a header block. Lines that are no field (no colon) are skipped, as mail readers do.
     * Octets are read as UTF-8 (RFC 6532), falling back to Latin-1 per line for older 8-bit mail.
     *
     * @param message the octets
     * @param from where the header starts
     * @param to where it ends (at the blank line)
     * @return the fields
     */
    public static Headers parse(byte[] message, int from, int to) {
        List<HeaderField> fields = new ArrayList<>();
        StringBuilder current = null;
        int at = from;
        while (at < to) {
            int eol = at;
            while (eol < to && message[eol] != '\n') {
                eol++;
            }
            int end = eol > at && message[eol - 1] == '\r' ? eol - 1 : eol;
            String line = decode(message, at, end);
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t')) {
                if (current != null) {
                    current.append(line);
                }
            } else {
                add(fields, current);
                current = new StringBuilder(line);
            }
            at = eol + 1;
        }
        add(fields, current);
        return new Headers(fields);
    }

    private static String decode(byte[] bytes, int from, int to) {
        String utf8 = new String(bytes, from, to - from, StandardCharsets.UTF_8);
        return utf8.indexOf('\uFFFD') < 0 ? utf8 : new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private static void add(List<HeaderField> fields, StringBuilder field) {
        if (field == null) {
            return;
        }
        int colon = field.indexOf(":");
        if (colon <= 0) {
            return;
        }
        String name = field.substring(0, colon).strip();
        if (name.isEmpty() || name.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            return;
        }
        fields.add(new HeaderField(name, field.substring(colon + 1).strip()));
    }

    /**
     * All fields, in order.
     *
     * @return the fields
     */
    public List<HeaderField> all() {
        return fields;
    }

    /**
     * The value of the first field of a name.
     *
     * @param name the name, any case
     * @return the unfolded value, or empty
     */
    public Optional<String> first(String name) {
        return fields.stream().filter(f -> f.name().equalsIgnoreCase(name)).map(HeaderField::value).findFirst();
    }
}
