package org.iems.store.internal.mailbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.iems.api.blob.BlobId;
import org.iems.api.mail.MailAddress;
import org.iems.api.store.QuotaExceededException;
import org.iems.api.store.StoredMessage;

/**
 * Messages coming in: delivery and COPY. An append checks the delivery key (so a retried delivery
 * is stored once), takes the next UID and MODSEQ under the mailbox row's lock, raises the account's
 * usage only if the quota allows (a conditional update, so concurrent deliveries keep usage exact)
 * and inserts the message: the store's lock order, mailbox row before usage row.
 */
final class Appends {

    private final StoreTransactions transactions;
    private final MailboxRows rows;
    private final Function<MailAddress, Quota> quotas;
    private final Clock clock;
    private final MailboxWatchers watchers;

    Appends(StoreTransactions transactions, MailboxRows rows, Function<MailAddress, Quota> quotas, Clock clock,
            MailboxWatchers watchers) {
        this.transactions = transactions;
        this.rows = rows;
        this.quotas = quotas;
        this.clock = clock;
        this.watchers = watchers;
    }

    long append(MailAddress account, String mailbox, String deliveryHeaders, BlobId body, long bodySize,
            Set<String> flags, Instant internalDate, String deliveryKey) throws QuotaExceededException, IOException {
        Quota quota = quotas.apply(account);
        long size = bodySize + deliveryHeaders.getBytes(StandardCharsets.UTF_8).length;
        long uid;
        try {
            uid = transactions.run("store the message for " + account, c -> append(c, account, mailbox, deliveryHeaders,
                    body, size, flags, internalDate, deliveryKey, quota));
        } catch (QuotaRefusal e) {
            throw e.refusal;
        }
        watchers.changed(account, MailboxRows.canonicalName(mailbox));
        return uid;
    }

    /** Carries a quota refusal out of a transaction (rolled back) to the caller. */
    private static final class QuotaRefusal extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient QuotaExceededException refusal;

        QuotaRefusal(QuotaExceededException refusal) {
            super(refusal.getMessage());
            this.refusal = refusal;
        }
    }

    List<Long> copy(MailAddress account, String mailbox, List<StoredMessage> messages)
            throws QuotaExceededException, IOException {
        if (messages.isEmpty()) {
            return List.of();
        }
        Quota quota = quotas.apply(account);
        List<Long> uids;
        try {
            uids = transactions.run("copy " + messages.size() + " messages for " + account, c -> {
                List<Long> copied = new ArrayList<>();
                for (StoredMessage m : messages) {
                    copied.add(append(c, account, mailbox, m.deliveryHeaders(), m.body(), m.size(), m.flags(),
                            m.internalDate(), null, quota));
                }
                return copied;
            });
        } catch (QuotaRefusal e) {
            throw e.refusal;
        }
        watchers.changed(account, MailboxRows.canonicalName(mailbox));
        return uids;
    }

    /** Appends in a transaction; {@code size} counts the delivery header fields and the blob. */
    private long append(Connection c, MailAddress account, String mailbox, String deliveryHeaders, BlobId body,
            long size, Set<String> flags, Instant internalDate, String deliveryKey, Quota quota)
            throws SQLException, IOException {
        if (deliveryKey != null) {
            Optional<Long> earlier = deliveredUid(c, deliveryKey);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        long mailboxId = rows.mailboxId(c, account, mailbox);
        long[] uidAndModseq = MailboxRows.nextUid(c, mailboxId);
        try {
            reserveQuota(c, account, size, quota);
        } catch (QuotaExceededException e) {
            throw new QuotaRefusal(e);
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO st_message (mailbox_id, uid, blob_id, size,"
                + " internal_date, modseq, flags, delivery_headers, saved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, mailboxId);
            ps.setLong(2, uidAndModseq[0]);
            ps.setString(3, body.hex());
            ps.setLong(4, size);
            ps.setTimestamp(5, Timestamp.from(internalDate));
            ps.setLong(6, uidAndModseq[1]);
            ps.setString(7, Flags.format(Flags.of(flags)));
            ps.setString(8, deliveryHeaders.isEmpty() ? null : deliveryHeaders);
            ps.setTimestamp(9, Timestamp.from(clock.instant()));
            ps.executeUpdate();
        }
        if (deliveryKey != null) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO st_delivery (delivery_key, mailbox_id, uid, delivered_at) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, deliveryKey);
                ps.setLong(2, mailboxId);
                ps.setLong(3, uidAndModseq[0]);
                ps.setTimestamp(4, Timestamp.from(clock.instant()));
                ps.executeUpdate();
            }
        }
        return uidAndModseq[0];
    }

    private static Optional<Long> deliveredUid(Connection c, String deliveryKey) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT uid FROM st_delivery WHERE delivery_key = ?")) {
            ps.setString(1, deliveryKey);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    private static void reserveQuota(Connection c, MailAddress account, long size, Quota quota)
            throws SQLException, QuotaExceededException {
        for (int attempt = 0; attempt < 2; attempt++) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE st_usage SET bytes = bytes + ?, messages = messages + 1"
                    + " WHERE account_key = ? AND (? = 0 OR bytes + ? <= ?) AND (? = 0 OR messages + 1 <= ?)")) {
                ps.setLong(1, size);
                ps.setString(2, account.key());
                ps.setLong(3, quota.maxBytes());
                ps.setLong(4, size);
                ps.setLong(5, quota.maxBytes());
                ps.setLong(6, quota.maxMessages());
                ps.setLong(7, quota.maxMessages());
                if (ps.executeUpdate() == 1) {
                    return;
                }
            }
            Optional<long[]> usage = usage(c, account);
            if (usage.isPresent()) {
                throw new QuotaExceededException("quota of " + account + " exceeded: " + usage.get()[0] + " of "
                        + quota.maxBytes() + " bytes, " + usage.get()[1] + " of " + quota.maxMessages()
                        + " messages used; the message has " + size + " bytes");
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO st_usage (account_key, bytes, messages) VALUES (?, 0, 0)")) {
                ps.setString(1, account.key());
                ps.executeUpdate();
            }
        }
        throw new IllegalStateException("quota usage row of " + account + " vanished");
    }

    static Optional<long[]> usage(Connection c, MailAddress account) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT bytes, messages FROM st_usage WHERE account_key = ?")) {
            ps.setString(1, account.key());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new long[] {rs.getLong(1), rs.getLong(2)}) : Optional.empty();
            }
        }
    }

    /**
     * Removes delivery keys older than the retention. A key only matters while the queue may
     * retry that delivery (its completion lost in a crash: retried once the claim's lease ends),
     * so days of retention are ample; a key removed earlier would let such a retry store twice.
     *
     * @param retention how long a key is kept
     * @return how many keys were removed
     * @throws IOException on a storage failure
     */
    int pruneDeliveryKeys(Duration retention) throws IOException {
        Instant cutoff = clock.instant().minus(retention);
        return transactions.run("remove old delivery keys", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM st_delivery WHERE delivered_at < ?")) {
                ps.setTimestamp(1, Timestamp.from(cutoff));
                return ps.executeUpdate();
            }
        });
    }
}
