package org.iems.queue.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.iems.api.mail.DomainName;
import org.iems.api.queue.QueueEntry;
import org.iems.api.queue.QueueStats;
import org.iems.api.queue.RecipientState;
import org.iems.api.storage.Transactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The operators' side: listings, counts, deleting entries and making deferred mail due. */
final class Administration {

    private static final Logger LOG = LoggerFactory.getLogger(Administration.class);

    private final Transactions transactions;
    private final Clock clock;
    private final Activity activity;

    Administration(Transactions transactions, Clock clock, Activity activity) {
        this.transactions = transactions;
        this.clock = clock;
        this.activity = activity;
    }

    List<QueueEntry> list(boolean heldOnly, int offset, int limit) {
        return listing("SELECT queue_id FROM q_entry" + (heldOnly ? " WHERE held = ?" : "")
                + " ORDER BY created_at, queue_id", offset, limit, ps -> {
                    if (heldOnly) {
                        ps.setBoolean(1, true);
                    }
                });
    }

    List<QueueEntry> listForDomain(DomainName domain, int offset, int limit) {
        return listing("SELECT e.queue_id FROM q_entry e WHERE EXISTS (SELECT 1 FROM q_rcpt r WHERE r.queue_id ="
                + " e.queue_id AND r.address LIKE ? AND r.state IN (" + Sql.WAITING + ")) ORDER BY e.created_at, e.queue_id",
                offset, limit, ps -> ps.setString(1, "%@" + domain.ascii()));
    }

    /** A parameter setter of a listing query. */
    @FunctionalInterface
    private interface Parameters {
        void set(PreparedStatement ps) throws SQLException;
    }

    /** Loads the entries a query of queue ids names, one page of them. */
    private List<QueueEntry> listing(String query, int offset, int limit, Parameters parameters) {
        return Sql.unchecked(transactions, "cannot list the queue", c -> {
            List<String> ids;
            try (PreparedStatement ps = c.prepareStatement(query + " OFFSET " + Math.max(0, offset)
                    + " ROWS FETCH NEXT " + Math.max(1, limit) + " ROWS ONLY")) {
                parameters.set(ps);
                ids = Sql.firstColumn(ps);
            }
            return EntryReader.loadAll(c, ids);
        });
    }

    Map<DomainName, Long> waitingByDomain(int max) {
        Map<DomainName, Long> counts = Sql.unchecked(transactions, "cannot count the queue by domain", c -> {
            Map<DomainName, Long> all = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT address FROM q_rcpt WHERE state IN (" + Sql.WAITING + ")");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String address = rs.getString(1);
                    all.merge(DomainName.parse(address.substring(address.lastIndexOf('@') + 1)), 1L, Long::sum);
                }
            }
            return all;
        });
        Map<DomainName, Long> top = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<DomainName, Long>comparingByValue().reversed()
                .thenComparing(Map.Entry.comparingByKey())).limit(Math.max(1, max))
                .forEach(e -> top.put(e.getKey(), e.getValue()));
        return top;
    }

    long waitingFor(DomainName domain) {
        return Sql.unchecked(transactions, "cannot count the queue for " + domain, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM q_rcpt WHERE address LIKE ?"
                    + " AND state IN (" + Sql.WAITING + ")")) {
                ps.setString(1, "%@" + domain.ascii());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    QueueStats stats() {
        return Sql.unchecked(transactions, "cannot count the queue", c -> {
            long entries;
            long held;
            Optional<Instant> oldest;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), SUM(CASE WHEN held = ? THEN 1 ELSE 0 END),"
                    + " MIN(created_at) FROM q_entry")) {
                ps.setBoolean(1, true);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    entries = rs.getLong(1);
                    held = rs.getLong(2);
                    oldest = Optional.ofNullable(rs.getTimestamp(3)).map(Timestamp::toInstant);
                }
            }
            Map<RecipientState, Long> recipients = new EnumMap<>(RecipientState.class);
            try (PreparedStatement ps = c.prepareStatement("SELECT state, COUNT(*) FROM q_rcpt GROUP BY state");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    recipients.put(RecipientState.valueOf(rs.getString(1)), rs.getLong(2));
                }
            }
            return new QueueStats(entries, held, recipients, oldest);
        });
    }

    /** Removes an entry and its recipients; the entry's row is taken first, as everywhere. */
    boolean delete(String queueId) {
        boolean deleted = Sql.unchecked(transactions, "cannot delete " + queueId, c -> {
            if (Sql.update(c, "UPDATE q_entry SET phase = 'DELETED' WHERE queue_id = ?", queueId) == 0) {
                return false;
            }
            Completion.remove(c, queueId);
            return true;
        });
        if (deleted) {
            LOG.warn("{}: deleted by the operator", queueId);
        }
        return deleted;
    }

    int flush() {
        int due = makeDue("", null);
        LOG.info("Queue flushed: {} deferred recipient(s) due now", due);
        return due;
    }

    int flush(DomainName domain) {
        int due = makeDue(" AND address LIKE ?", "%@" + domain.ascii());
        LOG.info("Queue flushed for {}: {} deferred recipient(s) due now", domain, due);
        return due;
    }

    /** Makes deferred recipients due now, all or those whose address matches the given pattern. */
    private int makeDue(String condition, String addressPattern) {
        int due = Sql.unchecked(transactions, "cannot flush the queue", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE q_rcpt SET next_attempt = ? WHERE state = ?"
                    + " AND next_attempt > ?" + condition)) {
                Timestamp now = Timestamp.from(clock.instant());
                ps.setTimestamp(1, now);
                ps.setString(2, RecipientState.QUEUED.name());
                ps.setTimestamp(3, now);
                if (addressPattern != null) {
                    ps.setString(4, addressPattern);
                }
                return ps.executeUpdate();
            }
        });
        activity.everyone();
        return due;
    }
}
