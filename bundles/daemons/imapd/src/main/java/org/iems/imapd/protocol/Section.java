package org.iems.imapd.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A section of a message as BODY[...] names it (RFC 3501 section 6.4.5): a part path such as
 * {@code 1.2} and a text part: whole, {@code HEADER}, {@code HEADER.FIELDS (...)},
 * {@code HEADER.FIELDS.NOT (...)}, {@code TEXT} or {@code MIME}.
 *
 * @param path the part numbers, empty for the whole message
 * @param text the text part, upper case, empty for none
 * @param fields the field names of HEADER.FIELDS and HEADER.FIELDS.NOT
 */
public record Section(List<Integer> path, String text, List<String> fields) {

    /** The whole message. */
    public static final Section WHOLE = new Section(List.of(), "", List.of());
    /** The header. */
    public static final Section HEADER = new Section(List.of(), "HEADER", List.of());
    /** The text. */
    public static final Section TEXT = new Section(List.of(), "TEXT", List.of());

    /**
     * Copies the lists.
     *
     * @param path the path
     * @param text the text part
     * @param fields the fields
     */
    public Section {
        path = List.copyOf(path);
        fields = List.copyOf(fields);
    }

    /**
     * Reads a section specification between the brackets.
     *
     * @param args the arguments, after {@code [}
     * @return the section; the closing bracket is read too
     * @throws ImapSyntaxException if it does not parse
     */
    public static Section parse(Arguments args) throws ImapSyntaxException {
        List<Integer> path = new ArrayList<>();
        String text = "";
        List<String> fields = new ArrayList<>();
        while (Character.isDigit(args.peek())) {
            long n = args.number(false);
            if (n == 0 || n > 100_000) {
                throw new ImapSyntaxException("Invalid section number");
            }
            path.add((int) n);
            if (!args.skip('.')) {
                break;
            }
        }
        if (args.peek() != ']') {
            text = args.word(c -> Character.isLetter(c) || c == '.', "section").toUpperCase(Locale.ROOT);
            switch (text) {
                case "HEADER", "TEXT" -> {
                }
                case "MIME" -> {
                    if (path.isEmpty()) {
                        throw new ImapSyntaxException("MIME needs a part number");
                    }
                }
                case "HEADER.FIELDS", "HEADER.FIELDS.NOT" -> {
                    args.space();
                    args.expect('(');
                    do {
                        fields.add(args.astring());
                    } while (args.skip(' '));
                    args.expect(')');
                }
                default -> throw new ImapSyntaxException("Invalid section " + text);
            }
        }
        args.expect(']');
        return new Section(path, text, fields);
    }

    /**
     * The section as the FETCH response names it ({@code 1.2.HEADER.FIELDS (SUBJECT)}).
     *
     * @return the name between the brackets
     */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (int n : path) {
            s.append(s.length() > 0 ? "." : "").append(n);
        }
        if (!text.isEmpty()) {
            s.append(s.length() > 0 ? "." : "").append(text);
        }
        if (!fields.isEmpty()) {
            s.append(" (").append(String.join(" ", fields.stream().map(f -> f.toUpperCase(Locale.ROOT)).toList()))
                    .append(')');
        }
        return s.toString();
    }
}
