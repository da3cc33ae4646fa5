package org.iems.store.internal.mailbox;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.iems.api.mail.MailAddress;
import org.iems.api.store.NoSuchMailboxException;

/**
 * Annotations of mailboxes and of the server (RFC 5464). A {@code /private/} entry belongs to one
 * user, a {@code /shared/} one to everyone who may read the mailbox; the server's annotations sit
 * on mailbox 0. Values are octets, kept in base64.
 */
final class MailboxAnnotations {

    private static final long SERVER = 0;
    private static final String SHARED = "";

    private final DataSource dataSource;
    private final StoreTransactions transactions;

    MailboxAnnotations(DataSource dataSource, StoreTransactions transactions) {
        this.dataSource = dataSource;
        this.transactions = transactions;
    }

    SortedMap<String, byte[]> annotations(MailAddress owner, String mailbox, MailAddress user) throws IOException {
        try (Connection c = dataSource.getConnection()) {
            long id = mailboxId(c, owner, mailbox);
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT name, value FROM st_annotation WHERE mailbox_id = ? AND user_key IN (?, ?)")) {
                ps.setLong(1, id);
                ps.setString(2, SHARED);
                ps.setString(3, user.key());
                SortedMap<String, byte[]> out = new TreeMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), Base64.getDecoder().decode(rs.getString(2)));
                    }
                }
                return out;
            }
        } catch (SQLException e) {
            throw new IOException("cannot read the annotations of " + where(owner, mailbox) + ": " + e.getMessage(), e);
        }
    }

    void annotate(MailAddress owner, String mailbox, MailAddress user, Map<String, byte[]> changes)
            throws IOException {
        for (String name : changes.keySet()) {
            if (!name.startsWith("/private/") && !name.startsWith("/shared/")) {
                throw new IllegalArgumentException("an annotation is /private/ or /shared/: " + name);
            }
        }
        transactions.run("annotate " + where(owner, mailbox), c -> {
            long id = mailboxId(c, owner, mailbox);
            for (Map.Entry<String, byte[]> change : changes.entrySet()) {
                String userKey = change.getKey().startsWith("/private/") ? user.key() : SHARED;
                try (PreparedStatement ps = c.prepareStatement(
                        "DELETE FROM st_annotation WHERE mailbox_id = ? AND user_key = ? AND name = ?")) {
                    ps.setLong(1, id);
                    ps.setString(2, userKey);
                    ps.setString(3, change.getKey());
                    ps.executeUpdate();
                }
                if (change.getValue() != null) {
                    try (PreparedStatement ps = c.prepareStatement(
                            "INSERT INTO st_annotation (mailbox_id, user_key, name, value) VALUES (?, ?, ?, ?)")) {
                        ps.setLong(1, id);
                        ps.setString(2, userKey);
                        ps.setString(3, change.getKey());
                        ps.setString(4, Base64.getEncoder().encodeToString(change.getValue()));
                        ps.executeUpdate();
                    }
                }
            }
            return null;
        });
    }

    Map<String, byte[]> annotationOfEach(MailAddress owner, MailAddress user, String entry) throws IOException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT m.name, a.value FROM st_annotation a"
                        + " JOIN st_mailbox m ON m.id = a.mailbox_id"
                        + " WHERE m.account_key = ? AND a.name = ? AND a.user_key IN (?, ?)")) {
            ps.setString(1, owner.key());
            ps.setString(2, entry);
            ps.setString(3, SHARED);
            ps.setString(4, user.key());
            Map<String, byte[]> out = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), Base64.getDecoder().decode(rs.getString(2)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IOException("cannot read " + entry + " of the mailboxes of " + owner + ": " + e.getMessage(), e);
        }
    }

    private static long mailboxId(Connection c, MailAddress owner, String mailbox)
            throws SQLException, NoSuchMailboxException {
        if (mailbox == null) {
            return SERVER;
        }
        String canonical = MailboxRows.canonicalName(mailbox);
        return MailboxRows.findMailbox(c, owner, canonical)
                .orElseThrow(() -> new NoSuchMailboxException("no mailbox " + canonical + " for " + owner));
    }

    private static String where(MailAddress owner, String mailbox) {
        return mailbox == null ? "the server" : mailbox + " of " + owner;
    }
}
