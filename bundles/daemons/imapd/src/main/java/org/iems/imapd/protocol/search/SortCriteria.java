package org.iems.imapd.protocol.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.iems.imapd.protocol.Arguments;
import org.iems.imapd.protocol.ImapSyntaxException;

/**
 * The sort criteria of SORT (RFC 5256 section 3: ARRIVAL, CC, DATE, FROM, SIZE, SUBJECT, TO, each
 * optionally REVERSE; DISPLAYFROM and DISPLAYTO of RFC 5957). Messages equal by every criterion
 * keep sequence order. Each message's keys are read once, not at every comparison.
 */
public final class SortCriteria {

    private record Criterion(Function<SearchCandidate, Comparable<?>> key, boolean reverse) {
    }

    private record Keyed<T extends SearchCandidate>(T message, Comparable<?>[] keys) {
    }

    private final List<Criterion> criteria;

    private SortCriteria(List<Criterion> criteria) {
        this.criteria = criteria;
    }

    /**
     * Reads a parenthesised list of criteria.
     *
     * @param args the arguments, positioned at the opening parenthesis
     * @return the criteria
     * @throws ImapSyntaxException if they do not parse
     */
    public static SortCriteria parse(Arguments args) throws ImapSyntaxException {
        args.expect('(');
        List<Criterion> criteria = new ArrayList<>();
        do {
            String name = args.keyword();
            boolean reverse = name.equals("REVERSE");
            if (reverse) {
                args.space();
                name = args.keyword();
            }
            criteria.add(new Criterion(key(name), reverse));
        } while (args.skip(' '));
        args.expect(')');
        return new SortCriteria(criteria);
    }

    private static Function<SearchCandidate, Comparable<?>> key(String name) throws ImapSyntaxException {
        return switch (name) {
            case "ARRIVAL" -> SearchCandidate::internalDate;
            case "CC" -> m -> SortKeys.mailbox(m, "Cc");
            case "DATE" -> SortKeys::sentDate;
            case "FROM" -> m -> SortKeys.mailbox(m, "From");
            case "SIZE" -> SearchCandidate::size;
            case "SUBJECT" -> m -> SortKeys.subject(m).text();
            case "TO" -> m -> SortKeys.mailbox(m, "To");
            case "DISPLAYFROM" -> m -> SortKeys.display(m, "From");
            case "DISPLAYTO" -> m -> SortKeys.display(m, "To");
            default -> throw new ImapSyntaxException("Unknown sort criterion " + name);
        };
    }

    /**
     * Sorts messages.
     *
     * @param <T> the kind of message
     * @param messages the messages, in sequence order
     * @return them sorted
     */
    public <T extends SearchCandidate> List<T> sort(List<T> messages) {
        List<Keyed<T>> keyed = new ArrayList<>(messages.size());
        for (T m : messages) {
            Comparable<?>[] keys = new Comparable<?>[criteria.size()];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = criteria.get(i).key().apply(m);
            }
            keyed.add(new Keyed<>(m, keys));
        }
        keyed.sort(comparator());
        return keyed.stream().map(Keyed::message).toList();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private <T extends SearchCandidate> Comparator<Keyed<T>> comparator() {
        return (a, b) -> {
            for (int i = 0; i < criteria.size(); i++) {
                int c = ((Comparable) a.keys()[i]).compareTo(b.keys()[i]);
                if (c != 0) {
                    return criteria.get(i).reverse() ? -c : c;
                }
            }
            return Long.compare(a.message().sequence(), b.message().sequence());
        };
    }
}
