package org.iems.store.internal.mailbox;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Message flags as the store keeps them: the system flags of RFC 3501 in their usual spelling and
 * keywords (atoms), compared without regard to case, kept as one space-separated column.
 */
final class Flags {

    /** The system flags a message can carry ({@code \Recent} is a session's, never stored). */
    static final List<String> SYSTEM = List.of("\\Answered", "\\Flagged", "\\Deleted", "\\Seen", "\\Draft");
    /** The st_message.flags column's size. */
    static final int MAX_LENGTH = 2000;
    /** RFC 3501 atom-specials, which no keyword may contain (besides controls and space). */
    private static final String ATOM_SPECIALS = "(){%*\"\\]";

    private Flags() {
    }

    /** A new empty set that compares flags without regard to case. */
    static Set<String> newSet() {
        return new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    }

    /** The flags given, checked and spelled the usual way. */
    static Set<String> of(Collection<String> flags) {
        Set<String> set = newSet();
        for (String flag : flags) {
            set.add(canonical(flag));
        }
        return set;
    }

    private static String canonical(String flag) {
        if (flag.startsWith("\\")) {
            for (String system : SYSTEM) {
                if (system.equalsIgnoreCase(flag)) {
                    return system;
                }
            }
            throw new IllegalArgumentException("not a flag a message can be given: " + flag);
        }
        if (flag.isEmpty() || flag.chars().anyMatch(c -> c <= ' ' || c >= 0x7f || ATOM_SPECIALS.indexOf(c) >= 0)) {
            throw new IllegalArgumentException("not a valid keyword: '" + flag + "'");
        }
        return flag;
    }

    /** The flags of a column value. */
    static Set<String> parse(String column) {
        Set<String> set = newSet();
        String text = column.strip();
        if (!text.isEmpty()) {
            set.addAll(Arrays.asList(text.split(" +")));
        }
        return set;
    }

    /** The column value of flags; too many for the column is refused. */
    static String format(Set<String> flags) {
        String text = String.join(" ", flags);
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("a message's flags would exceed " + MAX_LENGTH + " characters");
        }
        return text;
    }

    /** Whether two sets made by this class ({@link #newSet}, case aside) hold the same flags. */
    static boolean same(Set<String> a, Set<String> b) {
        return a.size() == b.size() && a.containsAll(b);
    }
}
