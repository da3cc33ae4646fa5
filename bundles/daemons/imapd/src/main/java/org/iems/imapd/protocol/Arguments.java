package org.iems.imapd.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the arguments of one command (RFC 3501 section 9, formal syntax): atoms, quoted strings,
 * literals, numbers, lists. Each method reads one element or throws {@link ImapSyntaxException}
 * with a message for the {@code BAD} reply; nothing is read past the command.
 */
public final class Arguments {

    /** The deepest nesting of parentheses accepted in any argument. */
    public static final int MAX_NESTING = 32;

    private final CommandText command;
    private int segment;
    private int at;

    /**
     * @param command the command, positioned at its start (the tag)
     */
    public Arguments(CommandText command) {
        this.command = command;
    }

    /**
     * Whether a word is a valid tag: ASTRING-CHARs without {@code +}.
     *
     * @param tag the word
     * @return whether it is one
     */
    public static boolean isTag(String tag) {
        if (tag.isEmpty()) {
            return false;
        }
        for (int i = 0; i < tag.length(); i++) {
            char c = tag.charAt(i);
            if (c == '+' || !isAtomChar(c) && c != ']') {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a character may appear in an atom (ATOM-CHAR).
     *
     * @param c the character
     * @return whether it may
     */
    public static boolean isAtomChar(char c) {
        return c > ' ' && c < 0x7f && "(){%*\"\\]".indexOf(c) < 0;
    }

    private String text() {
        return command.texts().get(segment);
    }

    /**
     * Whether the whole command has been read.
     *
     * @return whether nothing is left
     */
    public boolean atEnd() {
        return at >= text().length() && segment >= command.literals().size();
    }

    /**
     * The next character of the text, without reading it.
     *
     * @return the character, or 0 at the end of a text segment
     */
    public char peek() {
        return at < text().length() ? text().charAt(at) : 0;
    }

    /**
     * Whether a literal comes next.
     *
     * @return whether it does
     */
    public boolean literalNext() {
        return at >= text().length() && segment < command.literals().size();
    }

    /**
     * Reads one expected character.
     *
     * @param c the character
     * @throws ImapSyntaxException if another comes
     */
    public void expect(char c) throws ImapSyntaxException {
        if (peek() != c) {
            throw new ImapSyntaxException(c == ' ' ? "Missing argument" : "Expected '" + c + "'");
        }
        at++;
    }

    /**
     * Reads a character if it comes next.
     *
     * @param c the character
     * @return whether it came
     */
    public boolean skip(char c) {
        if (peek() == c) {
            at++;
            return true;
        }
        return false;
    }

    /**
     * Reads the space between arguments: one, as RFC 3501 writes it, or several, as some clients
     * send.
     */
    public void space() throws ImapSyntaxException {
        expect(' ');
        while (peek() == ' ') {
            at++;
        }
    }

    /**
     * Checks that nothing follows.
     *
     * @throws ImapSyntaxException if something does
     */
    public void end() throws ImapSyntaxException {
        if (!atEnd()) {
            throw new ImapSyntaxException("Unexpected extra arguments");
        }
    }

    /**
     * Reads an atom: characters up to a space, parenthesis or other special.
     *
     * @return the atom
     * @throws ImapSyntaxException if there is none
     */
    public String atom() throws ImapSyntaxException {
        return word(c -> isAtomChar(c), "atom");
    }

    /**
     * Reads an atom and upper-cases it: command names and keywords.
     *
     * @return the keyword
     * @throws ImapSyntaxException if there is none
     */
    public String keyword() throws ImapSyntaxException {
        return atom().toUpperCase(Locale.ROOT);
    }

    /**
     * Reads a tag.
     *
     * @return the tag
     * @throws ImapSyntaxException if it is no valid tag
     */
    public String tag() throws ImapSyntaxException {
        String tag = word(c -> c != '+' && (isAtomChar(c) || c == ']'), "tag");
        return tag;
    }

    /**
     * Reads a flag: an atom, or {@code \} and an atom (RFC 3501 flag).
     *
     * @return the flag as sent
     * @throws ImapSyntaxException if there is none
     */
    public String flag() throws ImapSyntaxException {
        boolean system = skip('\\');
        String name = atom();
        return system ? "\\" + name : name;
    }

    /**
     * Reads a number (number: up to 2^32-1; with {@code wide}, a mod-sequence up to 2^63-1).
     *
     * @param wide whether 63-bit values are allowed
     * @return the number
     * @throws ImapSyntaxException if there is none or it is out of range
     */
    public long number(boolean wide) throws ImapSyntaxException {
        String digits = word(c -> c >= '0' && c <= '9', "number");
        if (digits.length() > 19) {
            throw new ImapSyntaxException("Number out of range");
        }
        long value = Long.parseLong(digits.length() == 19 && digits.compareTo("9223372036854775807") > 0
                ? "-1" : digits);
        if (value < 0 || !wide && value > 0xFFFFFFFFL) {
            throw new ImapSyntaxException("Number out of range");
        }
        return value;
    }

    /**
     * Reads an astring: an atom (with {@code ]}), a quoted string or a literal.
     *
     * @return the string
     * @throws ImapSyntaxException if there is none
     */
    public String astring() throws ImapSyntaxException {
        if (literalNext() || peek() == '"') {
            return string();
        }
        return word(c -> isAtomChar(c) || c == ']', "argument");
    }

    /**
     * Reads a mailbox pattern of LIST: an astring that may hold {@code %} and {@code *}.
     *
     * @return the pattern
     * @throws ImapSyntaxException if there is none
     */
    public String listMailbox() throws ImapSyntaxException {
        if (literalNext() || peek() == '"') {
            return string();
        }
        return word(c -> isAtomChar(c) || c == ']' || c == '%' || c == '*', "mailbox pattern");
    }

    /**
     * Reads a string: quoted or literal, as UTF-8.
     *
     * @return the string
     * @throws ImapSyntaxException if there is none
     */
    public String string() throws ImapSyntaxException {
        if (literalNext()) {
            return new String(literal().bytes(), StandardCharsets.UTF_8);
        }
        expect('"');
        StringBuilder s = new StringBuilder();
        while (true) {
            char c = peek();
            if (c == 0) {
                throw new ImapSyntaxException("Unterminated quoted string");
            }
            at++;
            if (c == '"') {
                return s.toString();
            }
            if (c == '\\') {
                char next = peek();
                if (next != '"' && next != '\\') {
                    throw new ImapSyntaxException("Invalid escape in quoted string");
                }
                at++;
                c = next;
            }
            s.append(c);
        }
    }

    /**
     * Reads a literal.
     *
     * @return the literal
     * @throws ImapSyntaxException if none comes next
     */
    public Literal literal() throws ImapSyntaxException {
        if (!literalNext()) {
            throw new ImapSyntaxException("Literal expected");
        }
        Literal literal = command.literals().get(segment);
        segment++;
        at = 0;
        return literal;
    }

    /**
     * Reads a parenthesized list of flags, or a single flag.
     *
     * @return the flags
     * @throws ImapSyntaxException if it does not parse
     */
    public List<String> flagList() throws ImapSyntaxException {
        List<String> flags = new ArrayList<>();
        if (!skip('(')) {
            flags.add(flag());
            return flags;
        }
        while (!skip(')')) {
            if (!flags.isEmpty()) {
                space();
            }
            flags.add(flag());
        }
        return flags;
    }

    /**
     * Reads a sequence set (RFC 3501 sequence-set), or {@code $} for the saved search result (RFC
     * 5182 section 3: {@code $} stands alone).
     *
     * @return the set
     * @throws ImapSyntaxException if it does not parse
     */
    public SequenceSet sequenceSet() throws ImapSyntaxException {
        if (skip('$')) {
            return SequenceSet.savedResult();
        }
        return SequenceSet.parse(word(c -> c >= '0' && c <= '9' || c == ':' || c == ',' || c == '*',
                "sequence set"));
    }

    /**
     * Whether the next characters are a given word (case-insensitive), without reading them.
     *
     * @param word the word
     * @return whether they are
     */
    public boolean lookingAt(String word) {
        String t = text();
        return t.regionMatches(true, at, word, 0, word.length());
    }

    /**
     * Reads characters while they satisfy a test.
     *
     * @param test the test
     * @param what what is expected, for the error
     * @return the characters, at least one
     * @throws ImapSyntaxException if none does
     */
    public String word(CharTest test, String what) throws ImapSyntaxException {
        String t = text();
        int start = at;
        while (at < t.length() && test.accepts(t.charAt(at))) {
            at++;
        }
        if (at == start) {
            throw new ImapSyntaxException("Missing or invalid " + what);
        }
        return t.substring(start, at);
    }

    /** A test on one character. */
    @FunctionalInterface
    public interface CharTest {

        /**
         * @param c the character
         * @return whether it belongs
         */
        boolean accepts(char c);
    }
}
