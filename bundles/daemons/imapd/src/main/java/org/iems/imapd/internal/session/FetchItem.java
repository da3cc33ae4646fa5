package org.iems.imapd.internal.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.iems.imapd.protocol.Arguments;
import org.iems.imapd.protocol.ImapSyntaxException;
import org.iems.imapd.protocol.Section;

/**
 * One data item of FETCH (RFC 3501 section 6.4.5, MODSEQ of RFC 7162, EMAILID and THREADID of
 * RFC 8474, SAVEDATE of RFC 8514, PREVIEW of RFC 8970, BINARY of RFC 3516).
 *
 * @param name FLAGS, UID, INTERNALDATE, RFC822.SIZE, ENVELOPE, BODY, BODYSTRUCTURE, MODSEQ, EMAILID,
 *        THREADID, SAVEDATE, PREVIEW, BINARY[] and BINARY.SIZE for decoded parts,
 *        or BODY[] for sections (RFC822, RFC822.HEADER and RFC822.TEXT become sections)
 * @param section the section, for BODY[]
 * @param peek whether reading it leaves \Seen alone
 * @param partialStart the first octet of a partial fetch, or -1
 * @param partialLength the most octets of a partial fetch
 * @param label how the response names it (RFC822 items keep their own names)
 */
record FetchItem(String name, Section section, boolean peek, long partialStart, long partialLength, String label) {

    static FetchItem simple(String name) {
        return new FetchItem(name, null, true, -1, 0, name);
    }

    /** Reads the item list of FETCH: a macro, one item, or a parenthesized list. */
    static List<FetchItem> parseList(Arguments a) throws ImapSyntaxException {
        List<FetchItem> items = new ArrayList<>();
        if (a.skip('(')) {
            do {
                items.add(parse(a));
            } while (a.skip(' '));
            a.expect(')');
            return items;
        }
        if (Character.isLetter(a.peek()) && !a.lookingAt("BODY") && !a.lookingAt("RFC822") && !a.lookingAt("BINARY")
                && !a.lookingAt("PREVIEW")) {
            String word = a.word(c -> Character.isLetterOrDigit(c) || c == '.', "fetch item");
            switch (word.toUpperCase(Locale.ROOT)) {
                case "ALL" -> names(items, "FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE");
                case "FAST" -> names(items, "FLAGS", "INTERNALDATE", "RFC822.SIZE");
                case "FULL" -> names(items, "FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE", "BODY");
                default -> items.add(named(word.toUpperCase(Locale.ROOT)));
            }
            return items;
        }
        items.add(parse(a));
        return items;
    }

    private static void names(List<FetchItem> items, String... names) {
        for (String n : names) {
            items.add(simple(n));
        }
    }

    private static FetchItem named(String word) throws ImapSyntaxException {
        return switch (word) {
            case "FLAGS", "UID", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE", "BODY", "BODYSTRUCTURE", "MODSEQ",
                    "EMAILID", "THREADID", "SAVEDATE", "PREVIEW" -> simple(word);
            case "RFC822" -> new FetchItem("BODY[]", Section.WHOLE, false, -1, 0, "RFC822");
            case "RFC822.HEADER" -> new FetchItem("BODY[]", Section.HEADER, true, -1, 0, "RFC822.HEADER");
            case "RFC822.TEXT" -> new FetchItem("BODY[]", Section.TEXT, false, -1, 0, "RFC822.TEXT");
            default -> throw new ImapSyntaxException("Unknown FETCH item " + word);
        };
    }

    private static FetchItem parse(Arguments a) throws ImapSyntaxException {
        String word = a.word(c -> Character.isLetterOrDigit(c) || c == '.', "fetch item")
                .toUpperCase(Locale.ROOT);
        if (word.startsWith("BINARY")) {
            return binary(a, word);
        }
        if (word.equals("PREVIEW") && a.lookingAt(" (")) {
            // RFC 8970 section 3: PREVIEW (LAZY) may leave out what is costly; the preview is never costly here
            a.space();
            a.expect('(');
            if (!a.keyword().equals("LAZY")) {
                throw new ImapSyntaxException("Unknown PREVIEW modifier");
            }
            a.expect(')');
        }
        if (!(word.equals("BODY") || word.equals("BODY.PEEK")) || !a.skip('[')) {
            if (word.equals("BODY.PEEK")) {
                throw new ImapSyntaxException("BODY.PEEK needs a section");
            }
            return named(word);
        }
        Section section = Section.parse(a);
        long[] partial = partial(a);
        return new FetchItem("BODY[]", section, word.equals("BODY.PEEK"), partial[0], partial[1], "BODY[" + section
                + "]" + (partial[0] >= 0 ? "<" + partial[0] + ">" : ""));
    }

    /** BINARY[part]&lt;partial&gt;, BINARY.PEEK[part], BINARY.SIZE[part] (RFC 3516 section 4.2): part numbers only. */
    private static FetchItem binary(Arguments a, String word) throws ImapSyntaxException {
        if (!Set.of("BINARY", "BINARY.PEEK", "BINARY.SIZE").contains(word)) {
            throw new ImapSyntaxException("Unknown FETCH item " + word);
        }
        a.expect('[');
        Section section = Section.parse(a);
        if (!section.text().isEmpty()) {
            throw new ImapSyntaxException(word + " takes a part number only");
        }
        if (word.equals("BINARY.SIZE")) {
            return new FetchItem("BINARY.SIZE", section, true, -1, 0, "BINARY.SIZE[" + section + "]");
        }
        long[] partial = partial(a);
        return new FetchItem("BINARY[]", section, word.equals("BINARY.PEEK"), partial[0], partial[1],
                "BINARY[" + section + "]" + (partial[0] >= 0 ? "<" + partial[0] + ">" : ""));
    }

    /** {@code <start.length>}, or {-1, 0} without one. */
    private static long[] partial(Arguments a) throws ImapSyntaxException {
        if (!a.skip('<')) {
            return new long[] {-1, 0};
        }
        long start = a.number(false);
        a.expect('.');
        long length = a.number(false);
        if (length == 0) {
            throw new ImapSyntaxException("A partial fetch needs a non-zero length");
        }
        a.expect('>');
        return new long[] {start, length};
    }
}
