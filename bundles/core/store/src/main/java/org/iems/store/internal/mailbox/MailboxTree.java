package org.iems.store.internal.mailbox;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.iems.api.mail.MailAddress;
import org.iems.api.store.MailboxExistsException;
import org.iems.api.store.NoSuchMailboxException;

/** A user's mailboxes: creating, deleting, renaming, subscribing and listing them. */
final class MailboxTree {

    private final DataSource dataSource;
    private final StoreTransactions transactions;
    private final MailboxRows rows;
    private final MailboxWatchers watchers;

    MailboxTree(DataSource dataSource, StoreTransactions transactions, MailboxRows rows, MailboxWatchers watchers) {
        this.dataSource = dataSource;
        this.transactions = transactions;
        this.rows = rows;
        this.watchers = watchers;
    }

    void createMailbox(MailAddress account, String name) throws IOException {
        String canonical = MailboxRows.validName(name);
        // a concurrent create of the same name makes this run again, and find it
        transactions.run("create " + canonical + " for " + account, c -> {
            if (MailboxRows.findMailbox(c, account, canonical).isPresent()) {
                throw new MailboxExistsException("mailbox " + canonical + " of " + account + " exists");
            }
            rows.createParents(c, account, canonical);
            rows.insertMailbox(c, account, canonical, MailboxRows.roleOf(canonical));
            return null;
        });
    }

    void deleteMailbox(MailAddress account, String name) throws IOException {
        String canonical = MailboxRows.canonicalName(name);
        if (canonical.equals("INBOX")) {
            throw new IllegalArgumentException("INBOX cannot be deleted");
        }
        transactions.run("delete " + canonical + " of " + account, c -> {
            long id = MailboxRows.findMailbox(c, account, canonical)
                    .orElseThrow(() -> new NoSuchMailboxException("no mailbox " + canonical + " for " + account));
            MailboxRows.takeModSeq(c, id); // the mailbox row first, as in every transaction here
            if (!MailboxRows.inferiors(c, account, canonical).isEmpty()) {
                throw new IllegalArgumentException(canonical + " has mailboxes under it; delete those first");
            }
            long[] held = new long[2];
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM st_message WHERE mailbox_id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    held[0] = rs.getLong(1);
                    held[1] = rs.getLong(2);
                }
            }
            for (String sql : List.of("DELETE FROM st_message WHERE mailbox_id = ?",
                    "DELETE FROM st_delivery WHERE mailbox_id = ?", "DELETE FROM st_acl WHERE mailbox_id = ?",
                    "DELETE FROM st_expunged WHERE mailbox_id = ?", "DELETE FROM st_annotation WHERE mailbox_id = ?",
                    "DELETE FROM st_mailbox WHERE id = ?")) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setLong(1, id);
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE st_usage SET bytes = bytes - ?,"
                    + " messages = messages - ? WHERE account_key = ?")) {
                ps.setLong(1, held[1]);
                ps.setLong(2, held[0]);
                ps.setString(3, account.key());
                ps.executeUpdate();
            }
            return null;
        });
        watchers.changed(account, canonical);
    }

    void renameMailbox(MailAddress account, String from, String to) throws IOException {
        String source = MailboxRows.canonicalName(from);
        String target = MailboxRows.validName(to);
        if (target.startsWith(source + "/") || target.equals(source)) {
            throw new IllegalArgumentException("cannot rename " + source + " to " + target);
        }
        transactions.run("rename " + source + " of " + account + " to " + target, c -> {
            long id = MailboxRows.findMailbox(c, account, source)
                    .orElseThrow(() -> new NoSuchMailboxException("no mailbox " + source + " for " + account));
            if (MailboxRows.findMailbox(c, account, target).isPresent()) {
                throw new MailboxExistsException("mailbox " + target + " of " + account + " exists");
            }
            rows.createParents(c, account, target);
            if (source.equals("INBOX")) {
                moveInboxTo(c, account, id, target);
                return null;
            }
            Map<String, Long> renamed = new TreeMap<>(MailboxRows.inferiors(c, account, source));
            renamed.put(source, id);
            for (Map.Entry<String, Long> e : renamed.entrySet()) {
                String newName = target + e.getKey().substring(source.length());
                if (newName.length() > MailboxRows.MAX_NAME) {
                    throw new IllegalArgumentException("the new name of " + e.getKey() + " would be too long");
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE st_mailbox SET name = ?, role = ? WHERE id = ?")) {
                    ps.setString(1, newName);
                    ps.setString(2, MailboxRows.roleOf(newName).map(Enum::name).orElse(null));
                    ps.setLong(3, e.getValue());
                    ps.executeUpdate();
                }
            }
            return null;
        });
        watchers.changed(account, source);
    }

    /** RFC 3501 RENAME of INBOX: its messages move to a new mailbox; INBOX stays, empty. */
    private void moveInboxTo(Connection c, MailAddress account, long inboxId, String target) throws SQLException {
        long modSeq = MailboxRows.takeModSeq(c, inboxId); // the mailbox row first, as in every transaction here
        rows.insertMailbox(c, account, target, MailboxRows.roleOf(target));
        // INBOX keeps its UIDVALIDITY, so its messages count as expunged from it
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO st_expunged (mailbox_id, uid, modseq)"
                + " SELECT mailbox_id, uid, ? FROM st_message WHERE mailbox_id = ?")) {
            ps.setLong(1, modSeq);
            ps.setLong(2, inboxId);
            ps.executeUpdate();
        }
        long targetId = MailboxRows.findMailbox(c, account, target).orElseThrow();
        try (PreparedStatement ps = c.prepareStatement("UPDATE st_mailbox SET uid_next = (SELECT uid_next FROM"
                + " st_mailbox WHERE id = ?), highest_modseq = (SELECT highest_modseq FROM st_mailbox WHERE id = ?),"
                + " message_count = (SELECT message_count FROM st_mailbox WHERE id = ?) WHERE id = ?")) {
            ps.setLong(1, inboxId);
            ps.setLong(2, inboxId);
            ps.setLong(3, inboxId);
            ps.setLong(4, targetId);
            ps.executeUpdate();
        }
        for (String sql : List.of("UPDATE st_message SET mailbox_id = ? WHERE mailbox_id = ?",
                "UPDATE st_delivery SET mailbox_id = ? WHERE mailbox_id = ?")) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, targetId);
                ps.setLong(2, inboxId);
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE st_mailbox SET message_count = 0 WHERE id = ?")) {
            ps.setLong(1, inboxId);
            ps.executeUpdate();
        }
    }

    void subscribe(MailAddress account, String name, boolean subscribed) throws IOException {
        String canonical = MailboxRows.validName(name);
        transactions.run((subscribed ? "subscribe " : "unsubscribe ") + account + " to " + canonical, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM st_subscription WHERE account_key = ? AND name = ?")) {
                ps.setString(1, account.key());
                ps.setString(2, canonical);
                ps.executeUpdate();
            }
            if (subscribed) {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO st_subscription (account_key, name) VALUES (?, ?)")) {
                    ps.setString(1, account.key());
                    ps.setString(2, canonical);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    List<String> subscriptions(MailAddress account) throws IOException {
        return names("SELECT name FROM st_subscription WHERE account_key = ? ORDER BY name", account, "subscriptions");
    }

    private List<String> names(String sql, MailAddress account, String what) throws IOException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, account.key());
            List<String> names = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        } catch (SQLException e) {
            throw new IOException("cannot list the " + what + " of " + account + ": " + e.getMessage(), e);
        }
    }

    List<String> mailboxes(MailAddress account) throws IOException {
        return names("SELECT name FROM st_mailbox WHERE account_key = ? ORDER BY name", account, "mailboxes");
    }
}
