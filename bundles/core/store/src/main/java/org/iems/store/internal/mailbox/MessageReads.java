package org.iems.store.internal.mailbox;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.iems.api.mail.MailAddress;
import org.iems.api.store.MailboxStatus;
import org.iems.api.store.StoredMessage;

/** Reading a mailbox's messages and status, outside transactions (they hold no locks). */
final class MessageReads {

    private final DataSource dataSource;

    MessageReads(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    List<StoredMessage> messages(MailAddress account, String mailbox, long fromUid, int max) throws IOException {
        return select(account, mailbox, "uid >= ?", " ORDER BY uid", fromUid, max);
    }

    List<StoredMessage> changedSince(MailAddress account, String mailbox, long modSeq) throws IOException {
        // sorted here: ORDER BY uid would lead Derby to walk the primary key over the whole mailbox
        // instead of the MODSEQ index over the few changed rows
        List<StoredMessage> changed = new ArrayList<>(select(account, mailbox, "modseq > ?", "", modSeq,
                Integer.MAX_VALUE));
        changed.sort(Comparator.comparingLong(StoredMessage::uid));
        return changed;
    }

    List<Long> expungedSince(MailAddress account, String mailbox, long modSeq) throws IOException {
        try (Connection c = dataSource.getConnection()) {
            Optional<Long> id = MailboxRows.findMailbox(c, account, MailboxRows.canonicalName(mailbox));
            if (id.isEmpty()) {
                return List.of();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT uid FROM st_expunged WHERE mailbox_id = ? AND modseq > ?")) {
                ps.setLong(1, id.get());
                ps.setLong(2, modSeq);
                List<Long> uids = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        uids.add(rs.getLong(1));
                    }
                }
                // sorted here, as for changedSince: the MODSEQ index serves the look-up
                uids.sort(null);
                return uids;
            }
        } catch (SQLException e) {
            throw new IOException("cannot list what was expunged from " + mailbox + " of " + account + ": "
                    + e.getMessage(), e);
        }
    }

    private List<StoredMessage> select(MailAddress account, String mailbox, String condition, String order, long value,
            int max) throws IOException {
        try (Connection c = dataSource.getConnection()) {
            Optional<Long> id = MailboxRows.findMailbox(c, account, MailboxRows.canonicalName(mailbox));
            if (id.isEmpty()) {
                return List.of();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT " + MessageRows.COLUMNS
                    + " FROM st_message WHERE mailbox_id = ? AND " + condition + order)) {
                ps.setLong(1, id.get());
                ps.setLong(2, value);
                ps.setMaxRows(max);
                List<StoredMessage> messages = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        messages.add(MessageRows.message(rs));
                    }
                }
                return messages;
            }
        } catch (SQLException e) {
            throw new IOException("cannot list " + mailbox + " of " + account + ": " + e.getMessage(), e);
        }
    }

    Optional<MailboxStatus> status(MailAddress account, String mailbox) throws IOException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT uid_validity, uid_next, highest_modseq, message_count,"
                        + " id FROM st_mailbox WHERE account_key = ? AND name = ?")) {
            ps.setString(1, account.key());
            ps.setString(2, MailboxRows.canonicalName(mailbox));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new MailboxStatus(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                        MailboxRows.objectId(rs.getLong(5)))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IOException("cannot read the status of " + mailbox + " of " + account + ": " + e.getMessage(), e);
        }
    }
}
