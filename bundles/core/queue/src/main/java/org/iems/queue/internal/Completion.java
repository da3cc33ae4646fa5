package org.iems.queue.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import org.iems.api.storage.Transactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes entries whose recipients are all final and whose sender was told what it asked to be
 * told: bounced and expired recipients wait for their failure notice, delivered ones that asked
 * NOTIFY=SUCCESS for their success notice.
 *
 * <p>Lock order: the entry's row first, then its recipients. Recording outcomes and notices
 * changes recipient rows only, and commits before the entries it touched are finished here in
 * transactions of their own; so no transaction ever holds recipients while it waits for an entry.
 * An entry left unfinished by a crash in between is finished by {@link #finishAllDone()} at start.
 */
final class Completion {

    private static final Logger LOG = LoggerFactory.getLogger(Completion.class);
    private static final String DONE = "NOT EXISTS (SELECT 1 FROM q_rcpt r WHERE r.queue_id = q_entry.queue_id"
            + " AND (r.state IN (" + Sql.WAITING + ") OR r.notified = ?))";

    private final Transactions transactions;

    Completion(Transactions transactions) {
        this.transactions = transactions;
    }

    /** Finishes each of the entries, in a transaction of its own, in the order of their ids. */
    void finishIfDone(Collection<String> queueIds) {
        for (String queueId : queueIds.stream().sorted().distinct().toList()) {
            Sql.unchecked(transactions, "cannot finish " + queueId, c -> finishIfDone(c, queueId));
        }
    }

    /**
     * Removes the entry if it is done, within the caller's transaction: for a caller that already
     * holds the entry's row and all its recipients (routing).
     *
     * @return whether it was removed
     */
    static boolean finishIfDone(Connection c, String queueId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE q_entry SET phase = 'DONE' WHERE queue_id = ?"
                + " AND phase = ? AND " + DONE)) {
            ps.setString(1, queueId);
            ps.setString(2, Sql.ROUTED);
            ps.setBoolean(3, false);
            if (ps.executeUpdate() == 0) {
                return false;
            }
        }
        remove(c, queueId);
        LOG.info("{}: removed", queueId);
        return true;
    }

    /** Removes an entry's rows; the caller holds the entry's row. */
    static void remove(Connection c, String queueId) throws SQLException {
        Sql.update(c, "DELETE FROM q_rcpt WHERE queue_id = ?", queueId);
        Sql.update(c, "DELETE FROM q_tag WHERE queue_id = ?", queueId);
        Sql.update(c, "DELETE FROM q_entry WHERE queue_id = ?", queueId);
    }

    /** Finishes the entries a crash left done but not removed. */
    int finishAllDone() {
        List<String> done = Sql.unchecked(transactions, "cannot find finished entries", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT queue_id FROM q_entry WHERE phase = ? AND " + DONE)) {
                ps.setString(1, Sql.ROUTED);
                ps.setBoolean(2, false);
                return Sql.firstColumn(ps);
            }
        });
        finishIfDone(done);
        return done.size();
    }
}
