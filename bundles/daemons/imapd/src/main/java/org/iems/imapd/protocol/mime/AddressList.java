package org.iems.imapd.protocol.mime;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads an address-list header (RFC 5322 section 3.4) into the parts an IMAP ENVELOPE names
 * (RFC 3501 section 7.4.2): display name, source route, mailbox and host of each address, and
 * group start and end markers. Lenient: whatever a mail reader would show as an address is read
 * as one; nothing throws.
 */
public final class AddressList {

    /**
     * One element of an ENVELOPE address list.
     *
     * @param name the display name, or null
     * @param route the source route ({@code @a,@b}), or null
     * @param mailbox the local part, the group name at a group's start, null at its end
     * @param host the domain; null at a group's start or end
     */
    public record Address(String name, String route, String mailbox, String host) {
    }

    private enum Kind { WORD, QUOTED, COMMENT, SPECIAL }

    private record Token(Kind kind, String text) {
    }

    private final List<Token> tokens;
    private int at;

    private AddressList(List<Token> tokens) {
        this.tokens = tokens;
    }

    /**
     * Parses a header value.
     *
     * @param value the raw value
     * @return the addresses with group markers, in order
     */
    public static List<Address> parse(String value) {
        return new AddressList(tokenize(value)).list();
    }

    private List<Address> list() {
        List<Address> out = new ArrayList<>();
        while (at < tokens.size()) {
            List<Token> phrase = until(",:;");
            if (at < tokens.size() && special(":")) {
                at++;
                out.add(new Address(null, null, phraseText(phrase), null));
                while (at < tokens.size() && !special(";")) {
                    List<Token> member = until(",;");
                    addMailbox(out, member);
                    if (at < tokens.size() && special(",")) {
                        at++;
                    }
                }
                at++;
                out.add(new Address(null, null, null, null));
            } else {
                addMailbox(out, phrase);
                at++;
            }
        }
        return out;
    }

    private boolean special(String s) {
        Token t = tokens.get(at);
        return t.kind() == Kind.SPECIAL && t.text().equals(s);
    }

    /** Tokens up to one of the stop characters, outside angle brackets. */
    private List<Token> until(String stops) {
        List<Token> out = new ArrayList<>();
        boolean angle = false;
        while (at < tokens.size()) {
            Token t = tokens.get(at);
            if (t.kind() == Kind.SPECIAL) {
                if (t.text().equals("<")) {
                    angle = true;
                } else if (t.text().equals(">")) {
                    angle = false;
                } else if (!angle && stops.contains(t.text())) {
                    break;
                }
            }
            out.add(t);
            at++;
        }
        return out;
    }

    private static void addMailbox(List<Address> out, List<Token> tokens) {
        int open = indexOf(tokens, "<");
        String name;
        List<Token> spec;
        if (open >= 0) {
            int close = indexOf(tokens, ">");
            name = phraseText(tokens.subList(0, open));
            spec = tokens.subList(open + 1, close > open ? close : tokens.size());
        } else {
            spec = tokens;
            name = tokens.stream().filter(t -> t.kind() == Kind.COMMENT).map(Token::text).reduce((a, b) -> b)
                    .orElse(null);
        }
        String address = spec.stream().filter(t -> t.kind() != Kind.COMMENT)
                .map(t -> t.kind() == Kind.QUOTED ? "\"" + t.text() + "\"" : t.text()).reduce("", String::concat);
        if (address.isEmpty()) {
            return;
        }
        String route = null;
        int colon = address.startsWith("@") ? address.indexOf(':') : -1;
        if (colon > 0) {
            route = address.substring(0, colon);
            address = address.substring(colon + 1);
        }
        int atSign = address.lastIndexOf('@');
        String mailbox = atSign < 0 ? address : address.substring(0, atSign);
        String host = atSign < 0 ? "" : address.substring(atSign + 1);
        if (mailbox.length() > 1 && mailbox.startsWith("\"") && mailbox.endsWith("\"")) {
            mailbox = mailbox.substring(1, mailbox.length() - 1);
        }
        out.add(new Address(name == null || name.isEmpty() ? null : name, route, mailbox, host));
    }

    private static int indexOf(List<Token> tokens, String special) {
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).kind() == Kind.SPECIAL && tokens.get(i).text().equals(special)) {
                return i;
            }
        }
        return -1;
    }

    private static String phraseText(List<Token> phrase) {
        StringBuilder s = new StringBuilder();
        for (Token t : phrase) {
            if (t.kind() == Kind.COMMENT) {
                continue;
            }
            if (s.length() > 0 && !t.text().equals(".") && s.charAt(s.length() - 1) != '.') {
                s.append(' ');
            }
            s.append(t.text());
        }
        return s.toString();
    }

    private static List<Token> tokenize(String s) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"') {
                StringBuilder q = new StringBuilder();
                i++;
                while (i < s.length() && s.charAt(i) != '"') {
                    if (s.charAt(i) == '\\' && i + 1 < s.length()) {
                        i++;
                    }
                    q.append(s.charAt(i++));
                }
                i++;
                tokens.add(new Token(Kind.QUOTED, q.toString()));
            } else if (c == '(') {
                int depth = 0;
                StringBuilder comment = new StringBuilder();
                do {
                    char d = s.charAt(i);
                    if (d == '\\' && i + 1 < s.length()) {
                        comment.append(s.charAt(++i));
                    } else {
                        depth += d == '(' ? 1 : d == ')' ? -1 : 0;
                        if (!(d == '(' && depth == 1) && !(d == ')' && depth == 0)) {
                            comment.append(d);
                        }
                    }
                    i++;
                } while (i < s.length() && depth > 0);
                tokens.add(new Token(Kind.COMMENT, comment.toString().strip()));
            } else if ("<>,;:@".indexOf(c) >= 0) {
                tokens.add(new Token(Kind.SPECIAL, String.valueOf(c)));
                i++;
            } else {
                int start = i;
                while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && "<>,;:@\"()".indexOf(s.charAt(i)) < 0) {
                    i++;
                }
                tokens.add(new Token(Kind.WORD, s.substring(start, i)));
            }
        }
        return tokens;
    }
}
