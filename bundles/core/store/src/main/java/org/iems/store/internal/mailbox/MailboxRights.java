package org.iems.store.internal.mailbox;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.iems.api.mail.MailAddress;
import org.iems.api.store.NoSuchMailboxException;
import org.iems.api.store.MessageStore;
import org.iems.api.store.SharedMailbox;

/** Access control lists on mailboxes (RFC 4314) and the mailboxes shared with an account. */
final class MailboxRights {

    /** The rights of RFC 4314 section 2.1, in its order. */
    private static final String RIGHTS = "lrswipkxtea";

    private final DataSource dataSource;
    private final StoreTransactions transactions;

    MailboxRights(DataSource dataSource, StoreTransactions transactions) {
        this.dataSource = dataSource;
        this.transactions = transactions;
    }

    void setRights(MailAddress owner, String mailbox, String identifier, String rights) throws IOException {
        String canonical = MailboxRows.canonicalName(mailbox);
        StringBuilder normalized = new StringBuilder();
        for (char r : RIGHTS.toCharArray()) {
            if (rights.indexOf(r) >= 0) {
                normalized.append(r);
            }
        }
        if (normalized.length() != rights.chars().distinct().count()) {
            throw new IllegalArgumentException("rights must be letters of " + RIGHTS + ": " + rights);
        }
        transactions.run("set the rights of " + identifier + " on " + canonical + " of " + owner, c -> {
            long id = MailboxRows.findMailbox(c, owner, canonical)
                    .orElseThrow(() -> new NoSuchMailboxException("no mailbox " + canonical + " for " + owner));
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM st_acl WHERE mailbox_id = ? AND grantee = ?")) {
                ps.setLong(1, id);
                ps.setString(2, identifier);
                ps.executeUpdate();
            }
            if (normalized.length() > 0) {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO st_acl (mailbox_id, grantee, rights) VALUES (?, ?, ?)")) {
                    ps.setLong(1, id);
                    ps.setString(2, identifier);
                    ps.setString(3, normalized.toString());
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    SortedMap<String, String> rights(MailAddress owner, String mailbox) throws IOException {
        String canonical = MailboxRows.canonicalName(mailbox);
        try (Connection c = dataSource.getConnection()) {
            long id = MailboxRows.findMailbox(c, owner, canonical)
                    .orElseThrow(() -> new NoSuchMailboxException("no mailbox " + canonical + " for " + owner));
            try (PreparedStatement ps = c.prepareStatement("SELECT grantee, rights FROM st_acl WHERE mailbox_id = ?")) {
                ps.setLong(1, id);
                SortedMap<String, String> acl = new TreeMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        acl.put(rs.getString(1), rs.getString(2));
                    }
                }
                return acl;
            }
        } catch (SQLException e) {
            throw new IOException("cannot read the rights on " + canonical + " of " + owner + ": " + e.getMessage(), e);
        }
    }

    List<SharedMailbox> sharedWith(MailAddress account) throws IOException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT m.account_key, m.name, a.rights FROM st_acl a"
                        + " JOIN st_mailbox m ON m.id = a.mailbox_id WHERE a.grantee IN (?, ?) AND m.account_key <> ?"
                        + " ORDER BY m.account_key, m.name")) {
            ps.setString(1, account.key());
            ps.setString(2, MessageStore.ANYONE);
            ps.setString(3, account.key());
            Map<String, SharedMailbox> shared = new LinkedHashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    // rights granted to the account and to anyone add up (RFC 4314 section 2)
                    String key = rs.getString(1) + "\0" + rs.getString(2);
                    SharedMailbox known = shared.get(key);
                    String rights = known == null ? rs.getString(3) : union(known.rights(), rs.getString(3));
                    shared.put(key, new SharedMailbox(MailAddress.parse(rs.getString(1)), rs.getString(2), rights));
                }
            }
            return List.copyOf(shared.values());
        } catch (SQLException e) {
            throw new IOException("cannot list the mailboxes shared with " + account + ": " + e.getMessage(), e);
        }
    }

    private static String union(String a, String b) {
        StringBuilder out = new StringBuilder();
        for (char r : RIGHTS.toCharArray()) {
            if (a.indexOf(r) >= 0 || b.indexOf(r) >= 0) {
                out.append(r);
            }
        }
        return out.toString();
    }
}
