package org.iems.pop3d.internal;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.iems.api.blob.BlobStore;
import org.iems.api.mail.MailAddress;
import org.iems.api.store.MailboxStatus;
import org.iems.api.store.MaildropLock;
import org.iems.api.store.MessageStore;
import org.iems.api.store.StoredMessage;
import org.iems.pop3d.protocol.Maildrop;
import org.iems.pop3d.protocol.MaildropMessage;
import org.iems.pop3d.protocol.Maildrops;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maildrops over the message store: the account's INBOX, read when the session logs in. The
 * lock is the store's maildrop lock, held for every node sharing the database: taken at login,
 * renewed as the session works, released when the session ends however it ends (the
 * connection's close event); the lock of a node that died ends with its lease. Without locking,
 * sessions of one user each see the INBOX as it was at their login; the store removes a message
 * deleted by two of them once. The unique-id is
 * UIDVALIDITY and UID, which the store never hands out twice.
 */
final class StoreMaildrops implements Maildrops {

    private static final Logger LOG = LoggerFactory.getLogger(StoreMaildrops.class);

    private static final String INBOX = "INBOX";
    private static final int PAGE = 10_000;
    private static final int CACHED_LISTINGS = 256;

    private final MessageStore store;
    private final BlobStore blobs;
    /** How long a maildrop lock holds without renewal: longer than a POP3 session may stay idle. */
    static final Duration LEASE = Duration.ofMinutes(15);

    /** The locks this node's sessions hold, by account. */
    private final Map<String, MaildropLock> locks = new ConcurrentHashMap<>();
    /**
     * The INBOXes last read, most recently used last: a login whose INBOX has the same UIDNEXT,
     * HIGHESTMODSEQ and count as when it was read (nothing delivered or removed since) takes the
     * listing from here instead of reading every message's row again.
     */
    private final Map<String, Listing> listings = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Listing> eldest) {
            return size() > CACHED_LISTINGS;
        }
    };
    private final BooleanSupplier locking;

    /**
     * @param locking whether a maildrop is open in one session at a time, asked at each login
     */
    StoreMaildrops(MessageStore store, BlobStore blobs, BooleanSupplier locking) {
        this.store = store;
        this.blobs = blobs;
        this.locking = locking;
    }

    @Override
    public Optional<Maildrop> open(MailAddress account) throws IOException {
        MaildropLock lock = null;
        if (locking.getAsBoolean()) {
            Optional<MaildropLock> taken = store.lockMaildrop(account, LEASE);
            if (taken.isEmpty()) {
                return Optional.empty();
            }
            lock = taken.get();
            locks.put(account.key(), lock);
        }
        try {
            return Optional.of(new StoreMaildrop(account, lock, read(account)));
        } catch (IOException | RuntimeException e) {
            release(account, lock);
            throw e;
        }
    }

    private void release(MailAddress account, MaildropLock lock) {
        if (lock != null) {
            locks.remove(account.key(), lock);
            lock.close();
        }
    }

    /** How many maildrops are locked now. */
    int locked() {
        return locks.size();
    }

    private Listing read(MailAddress account) throws IOException {
        Optional<MailboxStatus> status = store.status(account, INBOX);
        if (status.isEmpty()) {
            return Listing.EMPTY;
        }
        synchronized (listings) {
            Listing cached = listings.get(account.key());
            if (cached != null && cached.status().equals(status)) {
                return cached;
            }
        }
        Listing listing = load(account, status.get());
        synchronized (listings) {
            listings.put(account.key(), listing);
        }
        return listing;
    }

    private Listing load(MailAddress account, MailboxStatus status) throws IOException {
        List<MaildropMessage> messages = new ArrayList<>();
        Map<Long, StoredMessage> bodies = new HashMap<>();
        long from = 1;
        while (true) {
            List<StoredMessage> page = store.messages(account, INBOX, from, PAGE);
            for (StoredMessage m : page) {
                messages.add(new MaildropMessage(m.uid(), m.size(), status.uidValidity() + "." + m.uid()));
                bodies.put(m.uid(), m);
            }
            if (page.size() < PAGE) {
                return new Listing(Optional.of(status), List.copyOf(messages), Map.copyOf(bodies));
            }
            from = page.get(page.size() - 1).uid() + 1;
        }
    }

    /** An INBOX as read at some login, valid while its counters are unchanged; shared by sessions. */
    private record Listing(Optional<MailboxStatus> status, List<MaildropMessage> messages,
            Map<Long, StoredMessage> bodies) {
        static final Listing EMPTY = new Listing(Optional.empty(), List.of(), Map.of());
    }

    private final class StoreMaildrop implements Maildrop {

        private final MailAddress account;
        private final MaildropLock lock;
        private final Listing listing;
        private final AtomicBoolean released = new AtomicBoolean();

        StoreMaildrop(MailAddress account, MaildropLock lock, Listing listing) {
            this.account = account;
            this.lock = lock;
            this.listing = listing;
        }

        @Override
        public List<MaildropMessage> messages() {
            try {
                renew();
            } catch (IOException e) {
                // the lease still runs; the next command renews it
                LOG.warn("Cannot renew the maildrop lock of {}: {}", account, e.toString());
            }
            return listing.messages();
        }

        private void renew() throws IOException {
            if (lock != null) {
                lock.renew();
            }
        }

        @Override
        public InputStream open(MaildropMessage message) throws IOException {
            renew();
            StoredMessage stored = listing.bodies().get(message.uid());
            if (stored == null) {
                throw new IOException("message uid " + message.uid() + " is not in this maildrop");
            }
            return stored.open(blobs);
        }

        @Override
        public void remove(Collection<MaildropMessage> deleted) throws IOException {
            renew();
            store.expunge(account, INBOX, deleted.stream().map(MaildropMessage::uid).toList());
        }

        @Override
        public void release() {
            if (released.compareAndSet(false, true)) {
                StoreMaildrops.this.release(account, lock);
            }
        }
    }
}
