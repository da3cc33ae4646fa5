package org.iems.imapd.internal.session;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The system flags of RFC 3501 section 2.3.2 in their usual spelling, whatever case the client used
 * ({@code \\Recent} is the server's: never stored, given per session by {@link SelectedMailbox}).
 */
final class SystemFlags {

    private static final List<String> SYSTEM = List.of("\\Answered", "\\Flagged", "\\Deleted", "\\Seen", "\\Draft",
            "\\Recent");

    /** System flags first, in RFC 3501's order, then keywords alphabetically. */
    static final Comparator<String> ORDER = Comparator.comparingInt((String f) -> {
        int i = SYSTEM.indexOf(f);
        return i < 0 ? SYSTEM.size() : i;
    }).thenComparing(Comparator.naturalOrder());

    private SystemFlags() {
    }

    static Set<String> normalized(Set<String> flags) {
        Set<String> out = new HashSet<>();
        for (String f : flags) {
            out.add(SYSTEM.stream().filter(s -> s.equalsIgnoreCase(f)).findFirst().orElse(f));
        }
        return out;
    }
}
