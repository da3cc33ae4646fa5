package org.iems.store.internal.mailbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.iems.api.mail.MailAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listeners waiting for changes of mailboxes (IMAP IDLE, NOTIFY, concurrent sessions). This
 * node's changes are told at once; changes made by other nodes sharing the database are found by
 * {@link #poll}, which compares each watched mailbox's counters with those seen last.
 */
final class MailboxWatchers {

    private static final Logger LOG = LoggerFactory.getLogger(MailboxWatchers.class);
    /** Mailboxes read by one statement of a poll. */
    private static final int BATCH = 100;

    /** One watched mailbox: its listeners, and its counters as the last poll saw them. */
    private static final class Watched {
        final String accountKey;
        final String mailbox;
        final List<Runnable> listeners = new CopyOnWriteArrayList<>();
        volatile String seen;

        Watched(String accountKey, String mailbox) {
            this.accountKey = accountKey;
            this.mailbox = mailbox;
        }
    }

    private final Map<String, Watched> watched = new ConcurrentHashMap<>();

    private static String key(String accountKey, String canonicalMailbox) {
        return accountKey + "\0" + canonicalMailbox;
    }

    AutoCloseable add(MailAddress account, String canonicalMailbox, Runnable listener) {
        String key = key(account.key(), canonicalMailbox);
        watched.computeIfAbsent(key, k -> new Watched(account.key(), canonicalMailbox)).listeners.add(listener);
        return () -> watched.computeIfPresent(key, (k, w) -> {
            w.listeners.remove(listener);
            return w.listeners.isEmpty() ? null : w;
        });
    }

    /** Tells a mailbox's listeners that it changed; one that fails is logged and the others still run. */
    void changed(MailAddress account, String canonicalMailbox) {
        Watched w = watched.get(key(account.key(), canonicalMailbox));
        if (w != null) {
            tell(w);
        }
    }

    private static void tell(Watched w) {
        for (Runnable listener : w.listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.warn("A listener of {} of {} failed: {}", w.mailbox, w.accountKey, e.toString());
            }
        }
    }

    /**
     * Reads the counters (UIDNEXT, HIGHESTMODSEQ, messages) of every watched mailbox and tells the
     * listeners of those that changed since the last poll, whichever node changed them, and of
     * those seen for the first time (a change may have come between the watch and the poll; a
     * listener told of nothing new finds nothing to do).
     *
     * @param c a connection to the store's database
     * @return how many mailboxes were told of a change
     * @throws SQLException if the counters cannot be read
     */
    int poll(Connection c) throws SQLException {
        List<Watched> all = new ArrayList<>(watched.values());
        int told = 0;
        for (int from = 0; from < all.size(); from += BATCH) {
            List<Watched> batch = all.subList(from, Math.min(all.size(), from + BATCH));
            Map<String, String> now = counters(c, batch);
            for (Watched w : batch) {
                String current = now.getOrDefault(key(w.accountKey, w.mailbox), "gone");
                String before = w.seen;
                w.seen = current;
                // first seen: the change may have come between the watch and this poll, so tell
                if (!current.equals(before)) {
                    told++;
                    tell(w);
                }
            }
        }
        return told;
    }

    private static Map<String, String> counters(Connection c, List<Watched> batch) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT account_key, name, uid_next, highest_modseq, message_count"
                + " FROM st_mailbox WHERE ");
        for (int i = 0; i < batch.size(); i++) {
            sql.append(i == 0 ? "" : " OR ").append("(account_key = ? AND name = ?)");
        }
        Map<String, String> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int at = 1;
            for (Watched w : batch) {
                ps.setString(at++, w.accountKey);
                ps.setString(at++, w.mailbox);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(key(rs.getString(1), rs.getString(2)), rs.getLong(3) + "/" + rs.getLong(4) + "/" + rs.getLong(5));
                }
            }
        }
        return out;
    }
}
