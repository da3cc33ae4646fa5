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
 * <p>Lock order: entries in the order of their ids, each entry's row before its recipients.
 * Recording outcomes and notices changes recipient rows only, in the same order, and commits
 * before the entries it touched are finished here in a transaction of its own; so no transaction
 * holds a row while it waits for one that comes before it.
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

    /**
     * Finishes the entries that are done, in one transaction (one commit for a channel's whole
     * batch), taking each entry's row and then its recipients in the order of the ids: the one lock
     * order of the queue, so it cannot deadlock with the transactions that change recipients.
     */
    void finishIfDone(Collection<String> queueIds) {
        List<String> ids = queueIds.stream().sorted().distinct().toList();
        if (ids.isEmpty()) {
            return;
        }
        Sql.unchecked(transactions, "cannot finish " + ids.size() + " entries", c -> {
            for (String queueId : ids) {
                finishIfDone(c, queueId);
            }
            return null;
        });
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
