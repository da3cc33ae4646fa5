package org.iems.imapd.internal.session;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iems.api.mail.MailAddress;
import org.iems.api.store.MailboxStatus;
import org.iems.api.store.MessageStore;
import org.iems.api.store.StoredMessage;

/**
 * The message lists of recently used mailboxes, shared by all sessions, so that SELECT and the
 * look after a change read only what changed (by MODSEQ) instead of the whole mailbox. A list is
 * brought up to date from the store's counters: same counters, same list; otherwise the messages
 * changed since the list's HIGHESTMODSEQ are merged in, and if the count then differs (messages
 * were expunged) the mailbox is read again. Bounded by the messages kept in all.
 */
public final class MailboxListings {

    private static final long KEPT_MESSAGES = 1_000_000;

    private record Listing(MailboxStatus status, List<StoredMessage> messages) {
    }

    private final MessageStore store;
    private final Map<String, Listing> listings = new LinkedHashMap<>(64, 0.75f, true);
    private long kept;

    /**
     * @param store where the mailboxes are
     */
    public MailboxListings(MessageStore store) {
        this.store = store;
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
        List<StoredMessage> messages = null;
        if (known != null && known.status().uidValidity() == status.uidValidity()) {
            messages = merged(known.messages(), store.changedSince(owner, name, known.status().highestModSeq()));
            if (messages.size() != status.messages()) {
                messages = null;
            }
        }
        if (messages == null) {
            messages = List.copyOf(store.messages(owner, name, 1, Integer.MAX_VALUE));
        }
        keep(key, new Listing(status, messages));
        return messages;
    }

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
        while (kept > KEPT_MESSAGES && eldest.hasNext()) {
            Map.Entry<String, Listing> e = eldest.next();
            if (e.getKey().equals(key)) {
                break;
            }
            kept -= e.getValue().messages().size();
            eldest.remove();
        }
    }
}
