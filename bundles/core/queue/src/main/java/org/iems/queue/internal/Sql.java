package org.iems.queue.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.iems.api.storage.Transactions;

/** The queue's few SQL helpers and the recipient state groups its statements share. */
final class Sql {

    /** The states of recipients not yet final. */
    static final String WAITING = "'NEW', 'QUEUED', 'IN_DELIVERY', 'HELD'";
    /** The states of final recipients. */
    static final String FINAL = "'DELIVERED', 'BOUNCED', 'EXPIRED'";
    /** An entry's phase before routing. */
    static final String NEW = "NEW";
    /** An entry's phase once routed. */
    static final String ROUTED = "ROUTED";

    private Sql() {
    }

    /** Runs the work in a transaction; a database failure becomes an {@link IllegalStateException} saying what failed. */
    static <T> T unchecked(Transactions transactions, String what, Transactions.Work<T, RuntimeException> work) {
        try {
            return transactions.run(work);
        } catch (SQLException e) {
            throw new IllegalStateException(what + ": " + e.getMessage(), e);
        }
    }

    /** Runs a statement whose parameters are all strings; returns the rows changed. */
    static int update(Connection c, String sql, String... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            return ps.executeUpdate();
        }
    }

    /** Runs a query and returns its first column's values. */
    static List<String> firstColumn(PreparedStatement ps) throws SQLException {
        List<String> values = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    /** A result text cut to its column's size. */
    static String truncate(String text) {
        return text.length() <= 1000 ? text : text.substring(0, 1000);
    }
}
