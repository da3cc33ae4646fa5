package org.iems.store.internal.mailbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.iems.api.blob.BlobId;
import org.iems.api.store.StoredMessage;

/** Reading and removing message rows. */
final class MessageRows {

    private MessageRows() {
    }

    /** The columns {@link #message} reads, in its order. */
    static final String COLUMNS = "uid, blob_id, size, internal_date, flags, modseq, delivery_headers, saved_at";

    /** A message from a row of {@link #COLUMNS}. */
    static StoredMessage message(ResultSet rs) throws SQLException {
        Timestamp saved = rs.getTimestamp(8);
        return new StoredMessage(rs.getLong(1), new BlobId(rs.getString(2).strip()), rs.getLong(3),
                rs.getTimestamp(4).toInstant(), Flags.parse(rs.getString(5)), rs.getLong(6), rs.getString(7),
                saved == null ? null : saved.toInstant());
    }

    /** The messages with the given UIDs, in UID order, read in one statement over their range. */
    static List<StoredMessage> messagesAmong(Connection c, long mailboxId, TreeSet<Long> uids)
            throws SQLException {
        if (uids.isEmpty()) {
            return List.of();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                + " FROM st_message WHERE mailbox_id = ? AND uid BETWEEN ? AND ? ORDER BY uid")) {
            ps.setLong(1, mailboxId);
            ps.setLong(2, uids.first());
            ps.setLong(3, uids.last());
            List<StoredMessage> found = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (uids.contains(rs.getLong(1))) {
                        found.add(message(rs));
                    }
                }
            }
            return found;
        }
    }

    /** Deletes one message row; false if a concurrent expunge took it first. */
    static boolean deleteMessage(Connection c, long mailboxId, long uid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM st_message WHERE mailbox_id = ? AND uid = ?")) {
            ps.setLong(1, mailboxId);
            ps.setLong(2, uid);
            return ps.executeUpdate() == 1;
        }
    }

    /** Keeps the UIDs an expunge removed, with its MODSEQ, for VANISHED (RFC 7162 section 3.2.10). */
    static void rememberExpunged(Connection c, long mailboxId, List<Long> uids, long modSeq) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO st_expunged (mailbox_id, uid, modseq) VALUES (?, ?, ?)")) {
            for (long uid : uids) {
                ps.setLong(1, mailboxId);
                ps.setLong(2, uid);
                ps.setLong(3, modSeq);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
