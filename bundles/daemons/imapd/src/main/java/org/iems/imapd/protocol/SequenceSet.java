package org.iems.imapd.protocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A sequence set (RFC 3501 section 9: {@code 1:4,7,9:*}) of message numbers or UIDs. {@code *} is
 * the largest number in use, so the set is resolved against the mailbox before use; a reversed
 * range {@code 9:2} means {@code 2:9}. Resolved sets are merged and sorted, so huge ranges cost
 * nothing and membership is a binary search. {@code $} (RFC 5182) names the session's saved search
 * result, which only the session knows: it is replaced by the numbers it stands for before use.
 */
public final class SequenceSet {

    /** Stands for {@code *} before resolution. */
    private static final long STAR = -1;

    private static final SequenceSet SAVED_RESULT = new SequenceSet(new long[0]);

    private final long[] bounds;

    private SequenceSet(long[] bounds) {
        this.bounds = bounds;
    }

    /**
     * {@code $}: the result saved by the last {@code SEARCH RETURN (SAVE)} (RFC 5182 section 2.1).
     *
     * @return the marker
     */
    public static SequenceSet savedResult() {
        return SAVED_RESULT;
    }

    /**
     * Whether this is {@code $}, to be replaced by the saved result before it is resolved.
     *
     * @return whether it is
     */
    public boolean isSavedResult() {
        return this == SAVED_RESULT;
    }

    /**
     * Parses a set.
     *
     * @param text the set as sent
     * @return the set
     * @throws ImapSyntaxException if it is not one
     */
    public static SequenceSet parse(String text) throws ImapSyntaxException {
        String[] items = text.split(",", -1);
        long[] bounds = new long[items.length * 2];
        for (int i = 0; i < items.length; i++) {
            String item = items[i];
            int colon = item.indexOf(':');
            bounds[2 * i] = value(colon < 0 ? item : item.substring(0, colon));
            bounds[2 * i + 1] = colon < 0 ? bounds[2 * i] : value(item.substring(colon + 1));
        }
        return new SequenceSet(bounds);
    }

    /**
     * A set of the given numbers.
     *
     * @param numbers the numbers
     * @return the set
     */
    public static SequenceSet of(List<Long> numbers) {
        long[] bounds = new long[numbers.size() * 2];
        for (int i = 0; i < numbers.size(); i++) {
            bounds[2 * i] = numbers.get(i);
            bounds[2 * i + 1] = numbers.get(i);
        }
        return new SequenceSet(bounds).resolve(0);
    }

    private static long value(String s) throws ImapSyntaxException {
        if (s.equals("*")) {
            return STAR;
        }
        if (s.isEmpty() || s.length() > 10 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new ImapSyntaxException("Invalid sequence set");
        }
        long v = Long.parseLong(s);
        if (v == 0 || v > 0xFFFFFFFFL) {
            throw new ImapSyntaxException("Invalid sequence set: numbers run from 1 to 4294967295");
        }
        return v;
    }

    /**
     * Replaces {@code *} by the largest number in use, orders each range and merges them.
     *
     * @param largest the largest message number or UID in the mailbox (0 when empty)
     * @return the resolved set
     */
    public SequenceSet resolve(long largest) {
        if (isSavedResult()) {
            throw new IllegalStateException("$ stands for the saved search result: replace it first");
        }
        int n = bounds.length / 2;
        long[][] ranges = new long[n][];
        for (int i = 0; i < n; i++) {
            long a = bounds[2 * i] == STAR ? largest : bounds[2 * i];
            long b = bounds[2 * i + 1] == STAR ? largest : bounds[2 * i + 1];
            ranges[i] = new long[] {Math.min(a, b), Math.max(a, b)};
        }
        Arrays.sort(ranges, (x, y) -> Long.compare(x[0], y[0]));
        List<long[]> merged = new ArrayList<>();
        for (long[] r : ranges) {
            long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && r[0] <= last[1] + 1) {
                last[1] = Math.max(last[1], r[1]);
            } else {
                merged.add(r);
            }
        }
        long[] out = new long[merged.size() * 2];
        for (int i = 0; i < merged.size(); i++) {
            out[2 * i] = merged.get(i)[0];
            out[2 * i + 1] = merged.get(i)[1];
        }
        return new SequenceSet(out);
    }

    /**
     * Whether a number is in a resolved set.
     *
     * @param value the number
     * @return whether it is in
     */
    public boolean contains(long value) {
        int lo = 0;
        int hi = bounds.length / 2 - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (value < bounds[2 * mid]) {
                hi = mid - 1;
            } else if (value > bounds[2 * mid + 1]) {
                lo = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }

    /**
     * One range of a resolved set.
     *
     * @param from the first number
     * @param to the last number, at least {@code from}
     */
    public record Range(long from, long to) {
    }

    /**
     * The ranges of a resolved set, ascending and apart.
     *
     * @return the ranges
     */
    public List<Range> ranges() {
        List<Range> out = new ArrayList<>(bounds.length / 2);
        for (int i = 0; i < bounds.length; i += 2) {
            out.add(new Range(bounds[i], bounds[i + 1]));
        }
        return out;
    }

    /**
     * The largest number of a resolved set.
     *
     * @return the largest, or 0 if empty
     */
    public long max() {
        return bounds.length == 0 ? 0 : bounds[bounds.length - 1];
    }

    /**
     * The set in IMAP syntax ({@code 1:3,7}), as in a COPYUID response.
     *
     * @return the text
     */
    @Override
    public String toString() {
        if (isSavedResult()) {
            return "$";
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < bounds.length; i += 2) {
            if (i > 0) {
                s.append(',');
            }
            s.append(bounds[i] == STAR ? "*" : String.valueOf(bounds[i]));
            if (bounds[i + 1] != bounds[i]) {
                s.append(':').append(bounds[i + 1] == STAR ? "*" : String.valueOf(bounds[i + 1]));
            }
        }
        return s.toString();
    }
}
