package org.iems.imapd.protocol;

import java.util.Locale;

/**
 * The name of a METADATA entry (RFC 5464 section 3.2): {@code /private/...} or {@code /shared/...},
 * no {@code *} or {@code %}, no empty component, no trailing slash, printable ASCII only. Names
 * compare without case, so they are kept in lower case.
 */
public final class MetadataEntry {

    /** The longest entry name kept. */
    public static final int MAX_LENGTH = 255;

    private MetadataEntry() {
    }

    /**
     * Checks an entry name.
     *
     * @param name the name as sent
     * @return the name in lower case
     * @throws ImapSyntaxException if it is not a valid entry name
     */
    public static String of(String name) throws ImapSyntaxException {
        String lower = name.toLowerCase(Locale.ROOT);
        boolean scoped = lower.startsWith("/private/") || lower.startsWith("/shared/");
        boolean printable = lower.chars().allMatch(c -> c > ' ' && c < 0x7f && c != '*' && c != '%');
        if (!scoped || !printable || lower.contains("//") || lower.endsWith("/") || lower.length() > MAX_LENGTH) {
            throw new ImapSyntaxException("Invalid metadata entry name " + name);
        }
        return lower;
    }

    /**
     * Whether an entry is another's descendant, at most {@code depth} levels down (DEPTH 1 or
     * infinity of GETMETADATA; -1 stands for infinity).
     *
     * @param entry the candidate
     * @param ancestor the entry asked for
     * @param depth how many levels down count
     * @return whether it is the entry itself or such a descendant
     */
    public static boolean within(String entry, String ancestor, int depth) {
        if (entry.equals(ancestor)) {
            return true;
        }
        if (depth == 0 || !entry.startsWith(ancestor + "/")) {
            return false;
        }
        return depth < 0 || entry.indexOf('/', ancestor.length() + 1) < 0;
    }
}
