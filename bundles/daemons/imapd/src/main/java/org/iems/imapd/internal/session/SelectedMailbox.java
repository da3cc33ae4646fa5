package org.iems.imapd.internal.session;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.iems.api.mail.MailAddress;
import org.iems.api.store.MailboxStatus;
import org.iems.api.store.MessageStore;
import org.iems.api.store.StoredMessage;
import org.iems.imapd.protocol.SequenceSet;

/**
 * The mailbox a session has selected, as the session knows it: messages in sequence order (UIDs
 * ascending), which are recent to this session, and the counters last seen. {@link #refresh}
 * compares with the store and tells what changed since, so the session can report it at the
 * points RFC 3501 section 5.2 allows; expunges may be held back while a command forbids them
 * (section 7.4.1).
 */
final class SelectedMailbox {

    /**
     * What changed since the last refresh.
     *
     * @param expunged sequence numbers to report EXPUNGE for, descending, each valid when sent
     * @param expungedUids the UIDs of those messages, ascending (for VANISHED, RFC 7162)
     * @param exists the new EXISTS count, or -1
     * @param flagsChanged sequence numbers whose flags changed
     */
    record Changes(List<Integer> expunged, List<Long> expungedUids, int exists, List<Integer> flagsChanged) {

        static final Changes NONE = new Changes(List.of(), List.of(), -1, List.of());

        boolean none() {
            return expunged.isEmpty() && exists < 0 && flagsChanged.isEmpty();
        }
    }

    private final MessageStore store;
    private final MailboxListings listings;
    private final MailboxRef ref;
    private final MailAddress account;
    private final String name;
    private final boolean readOnly;
    /** Whether FETCH shows {@code \\Recent}: not to an IMAP4rev2 client (RFC 9051 removed it). */
    private final boolean recentShown;
    private final List<StoredMessage> messages = new ArrayList<>();
    private final Set<Long> recent = new HashSet<>();
    /** The keywords the session has named in a FLAGS response (RFC 3501 section 7.2.6). */
    private final Set<String> keywords = new TreeSet<>();
    /** The UIDs of the result saved by SEARCH RETURN (SAVE) (RFC 5182); expunged ones drop out when used. */
    private SequenceSet savedResult = SequenceSet.of(List.of());
    private MailboxStatus status;
    /** Set by the store's notification: something changed in this process since the last look. */
    private volatile boolean changed;
    private long checkedAt = System.nanoTime();

    private SelectedMailbox(MessageStore store, MailboxListings listings, MailboxRef ref, boolean readOnly,
            boolean recentShown, MailboxStatus status, List<StoredMessage> messages) {
        this.store = store;
        this.listings = listings;
        this.ref = ref;
        this.account = ref.owner();
        this.name = ref.name();
        this.readOnly = readOnly;
        this.recentShown = recentShown;
        this.status = status;
        this.messages.addAll(messages);
    }

    static SelectedMailbox open(MessageStore store, MailboxListings listings, MailboxRef ref, boolean readOnly,
            boolean recentShown, MailboxStatus status) throws IOException {
        SelectedMailbox mailbox = new SelectedMailbox(store, listings, ref, readOnly, recentShown, status,
                listings.messages(ref.owner(), ref.name(), status));
        mailbox.takeRecent(0);
        for (StoredMessage m : mailbox.messages) {
            mailbox.learnKeywords(m);
        }
        return mailbox;
    }

    /**
     * Finds which of the messages above {@code knownBefore} are recent to this session (RFC 3501
     * section 2.3.2): a read-write session takes them in the store, so no other session sees them
     * as recent; a read-only one sees those no session took yet, and takes none.
     */
    private void takeRecent(long knownBefore) throws IOException {
        long largest = largestUid();
        if (largest <= knownBefore) {
            return;
        }
        long takenBefore = readOnly ? store.recentBoundary(account, name) : store.claimRecent(account, name, largest);
        for (int i = firstAtOrAbove(Math.max(knownBefore, takenBefore) + 1); i < messages.size(); i++) {
            recent.add(messages.get(i).uid());
        }
    }

    /** Which mailbox it is, and the user's rights on it. */
    MailboxRef ref() {
        return ref;
    }

    boolean readOnly() {
        return readOnly;
    }

    int size() {
        return messages.size();
    }

    /** A message by its sequence number, 1-based. */
    StoredMessage message(int sequence) {
        return messages.get(sequence - 1);
    }

    long largestUid() {
        return messages.isEmpty() ? 0 : messages.get(messages.size() - 1).uid();
    }

    /** The largest UID the mailbox has given, as last seen: {@code *} of a UID set that may name expunged UIDs. */
    long largestUidGiven() {
        return status.uidNext() - 1;
    }

    /** The mailbox's HIGHESTMODSEQ as last seen. */
    long highestModSeq() {
        return status.highestModSeq();
    }

    boolean recent(long uid) {
        return recent.contains(uid);
    }

    int recentCount() {
        return recent.size();
    }

    /** The keywords FLAGS and PERMANENTFLAGS name, those of the messages as the session knows them. */
    Set<String> keywords() {
        return Collections.unmodifiableSet(keywords);
    }

    /**
     * Takes in a message's keywords.
     *
     * @return whether one of them is new to the session, so that a FLAGS response must name it
     *         before a FETCH shows it
     */
    boolean learnKeywords(StoredMessage m) {
        boolean learnt = false;
        for (String flag : m.flags()) {
            learnt |= flag.charAt(0) != '\\' && keywords.add(flag);
        }
        return learnt;
    }

    /**
     * A message's flags as this session shows them: system flags in RFC 3501's order, then
     * keywords alphabetically, with {@code \\Recent} if the message is recent to this session.
     */
    String flags(int sequence) {
        StoredMessage m = message(sequence);
        Stream<String> stored = m.flags().stream();
        return (recentShown && recent.contains(m.uid()) ? Stream.concat(stored, Stream.of("\\Recent")) : stored)
                .sorted(SystemFlags.ORDER).collect(Collectors.joining(" "));
    }

    /** The sequence number of a UID, or empty if the session does not know the message. */
    Optional<Integer> sequenceOf(long uid) {
        int i = firstAtOrAbove(uid);
        return i < messages.size() && messages.get(i).uid() == uid ? Optional.of(i + 1) : Optional.empty();
    }

    /** Keeps a search result for {@code $} (RFC 5182 section 2.1). */
    void saveResult(Collection<Long> uids) {
        savedResult = SequenceSet.of(List.copyOf(uids));
    }

    /** Whether a message is in the saved search result. */
    boolean inSavedResult(long uid) {
        return savedResult.contains(uid);
    }

    /**
     * A set resolved against the mailbox: {@code *} replaced by the largest number, and {@code $}
     * by the saved result's messages that are still here (RFC 5182 section 2.1), by UID or by
     * sequence number.
     */
    SequenceSet resolve(SequenceSet set, boolean byUid) {
        if (!set.isSavedResult()) {
            return set.resolve(byUid ? largestUid() : messages.size());
        }
        List<Long> numbers = new ArrayList<>();
        for (SequenceSet.Range range : savedResult.ranges()) {
            for (int i = firstAtOrAbove(range.from()); i < messages.size() && messages.get(i).uid() <= range.to(); i++) {
                numbers.add(byUid ? messages.get(i).uid() : i + 1);
            }
        }
        return SequenceSet.of(numbers);
    }

    /** The sequence numbers a set names, ascending: by UID or by sequence number. */
    List<Integer> select(SequenceSet set, boolean byUid) {
        SequenceSet resolved = resolve(set, byUid);
        List<Integer> out = new ArrayList<>();
        // range by range, so a few messages of a large mailbox cost a few steps, not a pass over it
        for (SequenceSet.Range range : resolved.ranges()) {
            int from = byUid ? firstAtOrAbove(range.from()) : (int) Math.max(1, range.from()) - 1;
            for (int i = from; i < messages.size() && (byUid ? messages.get(i).uid() : i + 1) <= range.to(); i++) {
                out.add(i + 1);
            }
        }
        return out;
    }

    /** The index of the first message whose UID is at least {@code uid}; the size if none is. */
    private int firstAtOrAbove(long uid) {
        int lo = 0;
        int hi = messages.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (messages.get(mid).uid() < uid) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Takes the session's own flag change in, so it is not reported back as someone else's. */
    void updated(Collection<StoredMessage> changed) {
        for (StoredMessage m : changed) {
            sequenceOf(m.uid()).ifPresent(seq -> messages.set(seq - 1, m));
        }
    }

    /** The store reported a change (any thread). */
    void changed() {
        changed = true;
    }

    /**
     * Compares with the store when there is reason to: a change reported in this process, a
     * forced look (NOOP, CHECK), or the last look older than {@link #STALE_NANOS} (changes made by
     * other nodes sharing the database are not reported).
     *
     * @param expungesAllowed whether removed messages may leave the session's list now
     * @param force whether to look even without a reason
     * @return what changed, as {@link #refresh(boolean)}
     */
    Changes refresh(boolean expungesAllowed, boolean force) throws IOException {
        long now = System.nanoTime();
        if (!force && !changed && now - checkedAt < STALE_NANOS) {
            return Changes.NONE;
        }
        changed = false;
        checkedAt = now;
        Changes changes = refresh(expungesAllowed);
        if (status.messages() != messages.size()) {
            // expunges held back for now: look again at the next command
            changed = true;
        }
        return changes;
    }

    /** How old the last look at the store may be before a command looks again. */
    private static final long STALE_NANOS = 2_000_000_000L;

    /**
     * Compares with the store.
     *
     * @param expungesAllowed whether removed messages may leave the session's list now
     * @return what changed: sequence numbers to report EXPUNGE for (descending, each valid when
     *         sent), the new EXISTS count (or -1), sequence numbers whose flags changed
     */
    Changes refresh(boolean expungesAllowed) throws IOException {
        Optional<MailboxStatus> now = store.status(account, name);
        if (now.isEmpty()) {
            // the mailbox was deleted under us: every message is gone
            return apply(List.of(), expungesAllowed, status);
        }
        MailboxStatus s = now.get();
        if (s.equals(status) && s.messages() == messages.size()) {
            return Changes.NONE;
        }
        if (s.uidValidity() == status.uidValidity() && messages.size() == status.messages()) {
            // nothing held back: catch up with what changed since, unless messages were expunged
            List<StoredMessage> changed = store.changedSince(account, name, status.highestModSeq());
            long largest = largestUid();
            long appended = changed.stream().filter(m -> m.uid() > largest).count();
            if (messages.size() + appended == s.messages()) {
                return applyChanged(changed, s);
            }
        }
        return apply(listings.messages(account, name, s), expungesAllowed, s);
    }

    /** Takes in changed and new messages when none was expunged: no pass over the whole mailbox. */
    private Changes applyChanged(List<StoredMessage> changed, MailboxStatus s) throws IOException {
        long largest = largestUid();
        int before = messages.size();
        List<Integer> flagsChanged = new ArrayList<>();
        for (StoredMessage m : changed) {
            if (m.uid() > largest) {
                messages.add(m);
                continue;
            }
            Optional<Integer> seq = sequenceOf(m.uid());
            if (seq.isPresent()) {
                StoredMessage known = messages.get(seq.get() - 1);
                if (!m.flags().equals(known.flags()) || m.modSeq() != known.modSeq()) {
                    messages.set(seq.get() - 1, m);
                    flagsChanged.add(seq.get());
                }
            }
        }
        takeRecent(largest);
        status = s;
        flagsChanged.sort(null);
        return new Changes(List.of(), List.of(), messages.size() > before ? messages.size() : -1, flagsChanged);
    }

    private Changes apply(List<StoredMessage> current, boolean expungesAllowed, MailboxStatus s) throws IOException {
        Map<Long, StoredMessage> byUid = new HashMap<>();
        for (StoredMessage m : current) {
            byUid.put(m.uid(), m);
        }
        List<Integer> expunged = new ArrayList<>();
        List<Long> expungedUids = new ArrayList<>();
        List<Integer> flagsChanged = new ArrayList<>();
        // one pass, survivors copied: removing from the list one by one costs a pass per expunge
        List<StoredMessage> kept = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            StoredMessage known = messages.get(i);
            StoredMessage fresh = byUid.get(known.uid());
            if (fresh == null && expungesAllowed) {
                expunged.add(i + 1);
                expungedUids.add(known.uid());
                recent.remove(known.uid());
                continue;
            }
            if (fresh != null && (!fresh.flags().equals(known.flags()) || fresh.modSeq() != known.modSeq())) {
                kept.add(fresh);
                flagsChanged.add(kept.size());
            } else {
                kept.add(known);
            }
        }
        messages.clear();
        messages.addAll(kept);
        // reported highest first, so each number is right when the client reads it
        Collections.reverse(expunged);
        long largest = largestUid();
        int before = messages.size();
        for (StoredMessage m : current) {
            if (m.uid() > largest) {
                messages.add(m);
            }
        }
        takeRecent(largest);
        status = s;
        boolean grew = messages.size() > before;
        return new Changes(expunged, expungedUids, grew ? messages.size() : -1, flagsChanged);
    }
}
