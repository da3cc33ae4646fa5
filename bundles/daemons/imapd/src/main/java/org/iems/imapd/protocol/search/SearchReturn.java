package org.iems.imapd.protocol.search;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.iems.imapd.protocol.Arguments;
import org.iems.imapd.protocol.ImapSyntaxException;
import org.iems.imapd.protocol.SequenceSet;

/**
 * The RETURN options of an extended SEARCH (RFC 4731 section 3.1: MIN, MAX, ALL, COUNT; SAVE of
 * RFC 5182 section 2.1) and the ESEARCH response they ask for. Without RETURN, SEARCH answers
 * in the RFC 3501 form; {@code RETURN ()} means {@code RETURN (ALL)}.
 */
public final class SearchReturn {

    /** A return option. */
    public enum Option { MIN, MAX, ALL, COUNT, SAVE }

    /** {@code RETURN (ALL)}: what IMAP4rev2's SEARCH without RETURN answers. */
    public static final SearchReturn ALL = new SearchReturn(EnumSet.of(Option.ALL));

    private final Set<Option> options;

    private SearchReturn(Set<Option> options) {
        this.options = options;
    }

    /**
     * Reads {@code RETURN (...)} and the space after it, if the arguments start with it.
     *
     * @param args the arguments, positioned after {@code SEARCH }
     * @return the options, or null when SEARCH has no RETURN (a RFC 3501 search)
     * @throws ImapSyntaxException if the options do not parse
     */
    public static SearchReturn parse(Arguments args) throws ImapSyntaxException {
        if (!args.lookingAt("RETURN ")) {
            return null;
        }
        args.keyword();
        args.space();
        args.expect('(');
        Set<Option> options = EnumSet.noneOf(Option.class);
        while (!args.skip(')')) {
            if (!options.isEmpty()) {
                args.space();
            }
            String name = args.keyword();
            try {
                options.add(Option.valueOf(name));
            } catch (IllegalArgumentException e) {
                throw new ImapSyntaxException("Unknown search return option " + name);
            }
        }
        args.space();
        return new SearchReturn(options.isEmpty() ? EnumSet.of(Option.ALL) : options);
    }

    /** @return whether the result is to be saved for {@code $} */
    public boolean save() {
        return options.contains(Option.SAVE);
    }

    /** @return whether an ESEARCH response is due: not when SAVE is the only option (RFC 5182 section 2.1) */
    public boolean answers() {
        return !options.equals(EnumSet.of(Option.SAVE));
    }

    /**
     * The messages the response speaks of: only the lowest and highest asked for when MIN or MAX
     * comes without ALL and COUNT, otherwise all found. SAVE keeps these (RFC 5182 section 2.1), and
     * a MODSEQ search tells their highest MODSEQ (RFC 7162 section 3.1.5).
     *
     * @param found the messages found, ascending
     * @return those messages
     */
    public List<Long> returned(List<Long> found) {
        boolean minOrMaxOnly = (options.contains(Option.MIN) || options.contains(Option.MAX))
                && !options.contains(Option.ALL) && !options.contains(Option.COUNT);
        if (found.isEmpty() || !minOrMaxOnly) {
            return found;
        }
        long min = found.get(0);
        long max = found.get(found.size() - 1);
        if (!options.contains(Option.MAX) || min == max) {
            return List.of(min);
        }
        return options.contains(Option.MIN) ? List.of(min, max) : List.of(max);
    }

    /**
     * The ESEARCH response (RFC 4731 section 3.1), without its leading {@code * }: MIN, MAX and ALL
     * are left out when nothing was found, COUNT is always given when asked for.
     *
     * @param tag the command's tag
     * @param uid whether it was UID SEARCH (the numbers are UIDs)
     * @param found the messages found, ascending
     * @param highestModSeq the highest MODSEQ to report, or 0 for none
     * @return the response
     */
    public String esearch(String tag, boolean uid, List<Long> found, long highestModSeq) {
        StringBuilder r = new StringBuilder("ESEARCH (TAG \"").append(tag).append("\")");
        if (uid) {
            r.append(" UID");
        }
        if (!found.isEmpty()) {
            if (options.contains(Option.MIN)) {
                r.append(" MIN ").append(found.get(0));
            }
            if (options.contains(Option.MAX)) {
                r.append(" MAX ").append(found.get(found.size() - 1));
            }
            if (options.contains(Option.ALL)) {
                r.append(" ALL ").append(SequenceSet.of(found));
            }
        }
        if (options.contains(Option.COUNT)) {
            r.append(" COUNT ").append(found.size());
        }
        if (highestModSeq > 0) {
            r.append(" MODSEQ ").append(highestModSeq);
        }
        return r.toString();
    }
}
