package org.iems.imapd.internal.session;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.iems.api.mail.MailAddress;
import org.iems.api.store.MailboxStatus;
import org.iems.api.store.MessageStore;
import org.iems.api.store.StoredMessage;

/**
 * The message lists of recently used mailboxes, shared by all sessions, so that SELECT and the
 * look after a change read only what changed (by MODSEQ) instead of the whole mailbox. A list is
 * brought up to date from the store's counters: same counters, same list; otherwise the messages
 * changed since the list's HIGHESTMODSEQ are merged in. A kept list is exact as of its counters:
 * the merge counts only if the counters did not move while it was read and no message of the old
 * list was expunged meanwhile (which would leave its old version in the list, and a new session
 * would be shown flags and a MODSEQ older than the store's); otherwise the mailbox is read whole.
 * Bounded by the messages kept in all: an eighth of the heap at about 512 bytes a message (about
 * 98,000 messages with the shipped 384 MiB heap); the least recently used go first.
 */
public final class MailboxListings {

    /** About what one kept message costs on the heap: its record, blob id, flag set and strings. */
    private static final long MESSAGE_BYTES = 512;

    private record Listing(MailboxStatus status, List<StoredMessage> messages) {
    }

    private final MessageStore store;
    private final long keptMessages;
    private final Map<String, Listing> listings = new LinkedHashMap<>(64, 0.75f, true);
    private long kept;

    /**
     * @param store where the mailboxes are
     */
    public MailboxListings(MessageStore store) {
        this(store, Math.max(10_000, Runtime.getRuntime().maxMemory() / 8 / MESSAGE_BYTES));
    }

    /**
     * @param store where the mailboxes are
     * @param keptMessages the most messages kept in all (the mailbox in use is kept whatever its size)
     */
    MailboxListings(MessageStore store, long keptMessages) {
        this.store = store;
        this.keptMessages = keptMessages;
    }

    /**
     * The messages of a mailbox as of (at least) the given counters, in UID order.
     *
     * @param owner the account
     * @param name the mailbox
     * @param status its counters, just read
     * @return the messages; the list must not be changed
     * @throws IOException on a storage failure
     */
    List<StoredMessage> messages(MailAddress owner, String name, MailboxStatus status) throws IOException {
        String key = owner.key() + '\0' + name;
        Listing known;
        synchronized (this) {
            known = listings.get(key);
        }
        if (known != null && known.status().equals(status)) {
            return known.messages();
        }
        Listing listing = read(owner, name, known).orElse(new Listing(status, List.of()));
        keep(key, listing);
        return listing.messages();
    }

    /**
     * The mailbox's list as of one moment (read after the caller's counters, so at least as new):
     * merged from the known list when the counters stood still meanwhile and the merge holds as
     * many messages as the mailbox; else read whole, which holds no message that is gone.
     */
    private Optional<Listing> read(MailAddress owner, String name, Listing known) throws IOException {
        Optional<MailboxStatus> before = store.status(owner, name);
        for (int attempt = 0; attempt < MERGES && known != null && before.isPresent()
                && before.get().uidValidity() == known.status().uidValidity(); attempt++) {
            List<StoredMessage> messages = merged(known.messages(),
                    store.changedSince(owner, name, known.status().highestModSeq()));
            if (messages.size() != before.get().messages()) {
                break;
            }
            Optional<MailboxStatus> after = store.status(owner, name);
            if (after.equals(before)) {
                return Optional.of(new Listing(before.get(), messages));
            }
            before = after;
        }
        if (before.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Listing(before.get(), List.copyOf(store.messages(owner, name, 1, Integer.MAX_VALUE))));
    }

    /** Merges tried while the mailbox keeps changing, before it is read whole. */
    private static final int MERGES = 3;

    /** The known list with changed messages replaced and new ones (higher UIDs) added at the end. */
    private static List<StoredMessage> merged(List<StoredMessage> known, List<StoredMessage> changed) {
        if (changed.isEmpty()) {
            return known;
        }
        List<StoredMessage> out = new ArrayList<>(known);
        for (StoredMessage m : changed) {
            int at = Collections.binarySearch(out, m, BY_UID);
            if (at >= 0) {
                out.set(at, m);
            } else {
                out.add(-at - 1, m);
            }
        }
        return Collections.unmodifiableList(out);
    }

    private static final Comparator<StoredMessage> BY_UID = Comparator.comparingLong(StoredMessage::uid);

    private synchronized void keep(String key, Listing listing) {
        Listing previous = listings.put(key, listing);
        kept += listing.messages().size() - (previous == null ? 0 : previous.messages().size());
        var eldest = listings.entrySet().iterator();
        while (kept > keptMessages && eldest.hasNext()) {
            Map.Entry<String, Listing> e = eldest.next();
            if (e.getKey().equals(key)) {
                break;
            }
            kept -= e.getValue().messages().size();
            eldest.remove();
        }
    }
}
