package org.iems.imapd.protocol.search;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.time.Instant;
import org.iems.imapd.protocol.Arguments;
import org.iems.imapd.protocol.ImapSyntaxException;
import org.iems.imapd.protocol.SequenceSet;
import org.iems.imapd.protocol.mime.AddressList;
import org.iems.imapd.protocol.mime.EncodedWords;
import org.iems.imapd.protocol.mime.HeaderField;

/**
 * Parses SEARCH criteria (RFC 3501 section 6.4.4, MODSEQ of RFC 7162 section 3.1.5, OLDER and
 * YOUNGER of RFC 5032, {@code $} of RFC 5182, EMAILID and THREADID of RFC 8474, SAVED* of RFC
 * 8514) into one {@link SearchKey}: all keys of the list
 * must match. String keys match case-insensitively as
 * substrings, header values after decoding RFC 2047 words; dates compare days, internal dates in
 * UTC. Nesting of parentheses, NOT and OR is limited to {@link Arguments#MAX_NESTING}.
 */
public final class SearchParser {

    private static final DateTimeFormatter DATE = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("d-MMM-yyyy").toFormatter(Locale.ENGLISH);

    private final Arguments args;
    private final SearchContext context;
    private final Instant now;
    private boolean modSeqUsed;

    private SearchParser(Arguments args, SearchContext context) {
        this.args = args;
        this.context = context;
        this.now = context.now();
    }

    /** What the criteria refer to in the selected mailbox. */
    public interface SearchContext {

        /** @return the number of messages, for {@code *} in a sequence set */
        long largestSequence();

        /** @return the largest UID, for {@code *} in a UID set */
        long largestUid();

        /**
         * @param uid a message's UID
         * @return whether it is in the saved search result that {@code $} names (RFC 5182)
         */
        boolean inSavedResult(long uid);

        /** @return the time OLDER and YOUNGER count from (RFC 5032) */
        Instant now();

        /** @return whether RECENT, NEW and OLD are keys: not for IMAP4rev2, which has no \\Recent (RFC 9051) */
        boolean recentKnown();
    }

    /**
     * The parsed criteria.
     *
     * @param key the combined key
     * @param charset the CHARSET given, upper case, or empty
     * @param modSeq whether a MODSEQ key was used (the response then tells the highest MODSEQ)
     */
    public record Criteria(SearchKey key, Optional<String> charset, boolean modSeq) {
    }

    /**
     * Parses the criteria that follow SEARCH (and its RETURN options), with an optional CHARSET.
     *
     * @param args the arguments, positioned at the criteria
     * @param context what they refer to
     * @return the criteria
     * @throws ImapSyntaxException if they do not parse
     */
    public static Criteria parse(Arguments args, SearchContext context) throws ImapSyntaxException {
        Optional<String> charset = Optional.empty();
        if (args.lookingAt("CHARSET ")) {
            args.keyword();
            args.space();
            charset = Optional.of(args.astring().toUpperCase(Locale.ROOT));
            args.space();
        }
        return parse(args, context, charset);
    }

    /**
     * Parses criteria whose charset was read before them (SORT and THREAD name it without the
     * CHARSET keyword: RFC 5256 section 3).
     *
     * @param args the arguments, positioned at the criteria
     * @param context what they refer to
     * @param charset the charset given
     * @return the criteria
     * @throws ImapSyntaxException if they do not parse
     */
    public static Criteria parse(Arguments args, SearchContext context, Optional<String> charset)
            throws ImapSyntaxException {
        SearchParser p = new SearchParser(args, context);
        List<SearchKey> keys = new ArrayList<>();
        do {
            keys.add(p.key(0));
        } while (args.skip(' '));
        args.end();
        return new Criteria(all(keys), charset, p.modSeqUsed);
    }

    private static SearchKey all(List<SearchKey> keys) {
        return keys.size() == 1 ? keys.get(0) : m -> {
            for (SearchKey k : keys) {
                if (!k.matches(m)) {
                    return false;
                }
            }
            return true;
        };
    }

    private SearchKey key(int depth) throws ImapSyntaxException {
        if (depth > Arguments.MAX_NESTING) {
            throw new ImapSyntaxException("Search criteria nested too deeply");
        }
        if (args.skip('(')) {
            // white space next to the parentheses is taken, as clients send it
            List<SearchKey> keys = new ArrayList<>();
            skipSpaces();
            while (!args.skip(')')) {
                if (args.atEnd()) {
                    throw new ImapSyntaxException("Expected ')'");
                }
                keys.add(key(depth + 1));
                skipSpaces();
            }
            if (keys.isEmpty()) {
                throw new ImapSyntaxException("Empty search criteria");
            }
            return all(keys);
        }
        char c = args.peek();
        if (c >= '0' && c <= '9' || c == '*' || c == '$') {
            SequenceSet set = args.sequenceSet();
            if (set.isSavedResult()) {
                return m -> context.inSavedResult(m.uid());
            }
            SequenceSet resolved = set.resolve(context.largestSequence());
            return m -> resolved.contains(m.sequence());
        }
        String name = args.keyword();
        return switch (name) {
            case "ALL" -> m -> true;
            case "ANSWERED", "DELETED", "DRAFT", "FLAGGED", "SEEN" -> flag("\\" + capitalized(name));
            case "UNANSWERED", "UNDELETED", "UNDRAFT", "UNFLAGGED", "UNSEEN" -> not(flag("\\"
                    + capitalized(name.substring(2))));
            case "KEYWORD" -> flag(argument(args::atom));
            case "UNKEYWORD" -> not(flag(argument(args::atom)));
            case "NEW" -> recentKey(m -> m.recent() && !m.flags().contains("\\Seen"));
            case "OLD" -> recentKey(m -> !m.recent());
            case "RECENT" -> recentKey(SearchCandidate::recent);
            case "NOT" -> not(next(depth));
            case "OR" -> or(next(depth), next(depth));
            case "LARGER" -> larger(argument(() -> args.number(false)));
            case "SMALLER" -> smaller(argument(() -> args.number(false)));
            case "BEFORE" -> internal(argument(this::date), -1);
            case "ON" -> internal(argument(this::date), 0);
            case "SINCE" -> internal(argument(this::date), 1);
            case "SENTBEFORE" -> sent(argument(this::date), -1);
            case "SENTON" -> sent(argument(this::date), 0);
            case "SENTSINCE" -> sent(argument(this::date), 1);
            case "FROM", "TO", "CC", "BCC" -> addresses(capitalized(name), argument(args::astring));
            case "SUBJECT" -> header(capitalized(name), argument(args::astring));
            case "HEADER" -> header(argument(args::astring), argument(args::astring));
            case "BODY" -> body(argument(args::astring));
            case "TEXT" -> text(argument(args::astring));
            case "UID" -> uid(argument(args::sequenceSet));
            case "SAVEDBEFORE" -> saved(argument(this::date), -1);
            case "SAVEDON" -> saved(argument(this::date), 0);
            case "SAVEDSINCE" -> saved(argument(this::date), 1);
            // RFC 8514 section 4.3: every mailbox here keeps save dates
            case "SAVEDATESUPPORTED" -> m -> true;
            case "EMAILID" -> emailId(argument(args::atom));
            // no message has a THREADID (RFC 8474 section 5.2: THREADID NIL), so none matches
            case "THREADID" -> {
                argument(args::atom);
                yield m -> false;
            }
            case "OLDER" -> within(argument(() -> args.number(false)), false);
            case "YOUNGER" -> within(argument(() -> args.number(false)), true);
            case "MODSEQ" -> {
                modSeqUsed = true;
                yield modSeq(argument(() -> args.number(true)));
            }
            default -> throw new ImapSyntaxException("Unknown search key " + name);
        };
    }

    private SearchKey recentKey(SearchKey key) throws ImapSyntaxException {
        if (!context.recentKnown()) {
            throw new ImapSyntaxException("IMAP4rev2 has no \\Recent: no RECENT, NEW or OLD");
        }
        return key;
    }

    private void skipSpaces() {
        while (args.skip(' ')) {
            // nothing but the spaces
        }
    }

    private SearchKey next(int depth) throws ImapSyntaxException {
        args.space();
        return key(depth + 1);
    }

    private interface Reader<T> {
        T read() throws ImapSyntaxException;
    }

    private <T> T argument(Reader<T> reader) throws ImapSyntaxException {
        args.space();
        return reader.read();
    }

    private static String capitalized(String s) {
        return s.charAt(0) + s.substring(1).toLowerCase(Locale.ROOT);
    }

    private static SearchKey flag(String flag) {
        return m -> m.flags().stream().anyMatch(f -> f.equalsIgnoreCase(flag));
    }

    private static SearchKey not(SearchKey k) {
        return m -> !k.matches(m);
    }

    private static SearchKey or(SearchKey a, SearchKey b) {
        return m -> a.matches(m) || b.matches(m);
    }

    private static SearchKey larger(long n) {
        return m -> m.size() > n;
    }

    private static SearchKey smaller(long n) {
        return m -> m.size() < n;
    }

    private SearchKey uid(SequenceSet set) {
        if (set.isSavedResult()) {
            return m -> context.inSavedResult(m.uid());
        }
        SequenceSet resolved = set.resolve(context.largestUid());
        return m -> resolved.contains(m.uid());
    }

    /** RFC 5032: internal date more than (OLDER) or at most (YOUNGER) the interval before now. */
    private SearchKey within(long seconds, boolean younger) {
        Instant limit = now.minusSeconds(seconds);
        return m -> younger == !m.internalDate().isBefore(limit);
    }

    private static SearchKey modSeq(long n) {
        return m -> m.modSeq() >= n;
    }

    private LocalDate date() throws ImapSyntaxException {
        String text = args.peek() == '"' ? args.string() : args.atom();
        try {
            return LocalDate.parse(text, DATE);
        } catch (DateTimeParseException e) {
            throw new ImapSyntaxException("Invalid date " + text + " (expected e.g. 1-Feb-1994)");
        }
    }

    private static boolean compare(LocalDate day, LocalDate date, int direction) {
        int c = day.compareTo(date);
        return direction < 0 ? c < 0 : direction == 0 ? c == 0 : c >= 0;
    }

    private static SearchKey internal(LocalDate date, int direction) {
        return m -> compare(m.internalDate().atOffset(ZoneOffset.UTC).toLocalDate(), date, direction);
    }

    /** RFC 8514 section 4.3: a message without a save date is compared by its internal date. */
    private static SearchKey saved(LocalDate date, int direction) {
        return m -> compare((m.savedAt() == null ? m.internalDate() : m.savedAt()).atOffset(ZoneOffset.UTC)
                .toLocalDate(), date, direction);
    }

    private static SearchKey emailId(String id) {
        return m -> m.emailId().equals(id);
    }

    private static SearchKey sent(LocalDate date, int direction) {
        return m -> m.headers().first("Date").flatMap(SentDate::parse)
                .map(day -> compare(day, date, direction)).orElse(false);
    }

    private static SearchKey header(String field, String value) {
        String wanted = value.toLowerCase(Locale.ROOT);
        return m -> {
            for (HeaderField f : m.headers().all()) {
                if (f.name().equalsIgnoreCase(field)
                        && EncodedWords.decode(f.value()).toLowerCase(Locale.ROOT).contains(wanted)) {
                    return true;
                }
            }
            return false;
        };
    }

    /**
     * An address field: the string in its decoded text (display names), or in one of its
     * addresses as {@code mailbox@host}, however the header spelt it (comments, white space,
     * quoting: RFC 5322 section 4.4).
     */
    private static SearchKey addresses(String field, String value) {
        SearchKey text = header(field, value);
        String wanted = value.toLowerCase(Locale.ROOT);
        return m -> text.matches(m) || m.headers().all().stream().filter(f -> f.name().equalsIgnoreCase(field))
                .flatMap(f -> AddressList.parse(f.value()).stream()).filter(a -> a.host() != null)
                .anyMatch(a -> a.spec().toLowerCase(Locale.ROOT).contains(wanted));
    }

    private static SearchKey body(String value) {
        String wanted = value.toLowerCase(Locale.ROOT);
        return m -> m.body().toLowerCase(Locale.ROOT).contains(wanted);
    }

    private static SearchKey text(String value) {
        SearchKey inBody = body(value);
        String wanted = value.toLowerCase(Locale.ROOT);
        return m -> m.headers().all().stream().anyMatch(f -> (f.name() + ": " + EncodedWords.decode(f.value()))
                .toLowerCase(Locale.ROOT).contains(wanted)) || inBody.matches(m);
    }

    /** Charsets SEARCH accepts (RFC 3501: US-ASCII and UTF-8 at least). */
    public static final Set<String> CHARSETS = Set.of("US-ASCII", "UTF-8");
}
