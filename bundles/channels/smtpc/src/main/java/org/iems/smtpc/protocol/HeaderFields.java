package org.iems.smtpc.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A header section gathered line by line: each field with its folded continuation lines, so a
 * stage can look at, drop or replace whole fields.
 */
final class HeaderFields {

    /** One field: its name (as written) and its lines, the first holding the name. */
    record Field(String name, List<byte[]> lines) {

        boolean named(String other) {
            return name.equalsIgnoreCase(other);
        }

        /** The unfolded value, for reading parameters. */
        String value() {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (byte[] line : lines) {
                all.writeBytes(line);
            }
            String text = all.toString(StandardCharsets.ISO_8859_1);
            int colon = text.indexOf(':');
            return colon < 0 ? "" : text.substring(colon + 1).strip();
        }
    }

    private final List<Field> fields = new ArrayList<>();

    /**
     * Adds a header line: a new field, or a continuation (starting with white space) of the last.
     *
     * @param bytes holds the line, not blank
     * @param length its length
     */
    void add(byte[] bytes, int length) {
        byte[] line = Arrays.copyOf(bytes, length);
        boolean continuation = (line[0] == ' ' || line[0] == '\t') && !fields.isEmpty();
        if (continuation) {
            fields.get(fields.size() - 1).lines().add(line);
            return;
        }
        String text = new String(line, StandardCharsets.ISO_8859_1);
        int colon = text.indexOf(':');
        List<byte[]> lines = new ArrayList<>();
        lines.add(line);
        fields.add(new Field(colon < 0 ? "" : text.substring(0, colon).strip(), lines));
    }

    List<Field> fields() {
        return fields;
    }

    /** The value of the first field of that name, lower-cased, or empty. */
    String valueOf(String name) {
        for (Field f : fields) {
            if (f.named(name)) {
                return f.value().toLowerCase(Locale.ROOT);
            }
        }
        return "";
    }

    /** Replaces every field of that name by one new line, or adds it at the end. */
    void set(String name, String value) {
        fields.removeIf(f -> f.named(name));
        List<byte[]> lines = new ArrayList<>();
        lines.add((name + ": " + value).getBytes(StandardCharsets.US_ASCII));
        fields.add(new Field(name, lines));
    }

    /** Writes the fields to the next stage and forgets them. */
    void flushTo(LineSink next) throws IOException {
        for (Field f : fields) {
            for (byte[] line : f.lines()) {
                next.line(line, line.length);
            }
        }
        fields.clear();
    }
}
