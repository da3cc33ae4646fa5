package org.iems.store.internal.mailbox;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.OptionalLong;
import javax.sql.DataSource;
import org.iems.api.mail.MailAddress;

/**
 * Who sees a message as {@code \Recent} (RFC 3501 section 2.3.2): the first read-write session
 * told of it. Each mailbox row keeps the UID up to which sessions have taken the flag; a session
 * takes the messages above it by moving it up, with a compare-and-set on that one row, so two
 * sessions (on one node or on two sharing the database) never both take a message.
 */
final class RecentClaims {

    private final DataSource dataSource;
    private final StoreTransactions transactions;

    RecentClaims(DataSource dataSource, StoreTransactions transactions) {
        this.dataSource = dataSource;
        this.transactions = transactions;
    }

    long claim(MailAddress account, String mailbox, long upToUid) throws IOException {
        String canonical = MailboxRows.canonicalName(mailbox);
        return transactions.run("take \\Recent in " + canonical + " of " + account, c -> {
            while (true) {
                OptionalLong before = boundary(c, account, canonical);
                if (before.isEmpty() || before.getAsLong() >= upToUid) {
                    return before.orElse(upToUid);
                }
                if (moved(c, account, canonical, before.getAsLong(), upToUid)) {
                    return before.getAsLong();
                }
                // another session moved it meanwhile: look again
            }
        });
    }

    long boundary(MailAddress account, String mailbox) throws IOException {
        try (Connection c = dataSource.getConnection()) {
            return boundary(c, account, MailboxRows.canonicalName(mailbox)).orElse(0);
        } catch (SQLException e) {
            throw new IOException("cannot read \\Recent of " + mailbox + " of " + account + ": " + e.getMessage(), e);
        }
    }

    private static OptionalLong boundary(Connection c, MailAddress account, String canonical) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT recent_uid FROM st_mailbox WHERE account_key = ? AND name = ?")) {
            ps.setString(1, account.key());
            ps.setString(2, canonical);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    private static boolean moved(Connection c, MailAddress account, String canonical, long from, long to)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE st_mailbox SET recent_uid = ?"
                + " WHERE account_key = ? AND name = ? AND recent_uid = ?")) {
            ps.setLong(1, to);
            ps.setString(2, account.key());
            ps.setString(3, canonical);
            ps.setLong(4, from);
            return ps.executeUpdate() == 1;
        }
    }
}
