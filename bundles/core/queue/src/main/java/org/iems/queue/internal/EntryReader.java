package org.iems.queue.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.iems.api.blob.BlobId;
import org.iems.api.mail.MailAddress;
import org.iems.api.queue.BodyType;
import org.iems.api.queue.DsnNotify;
import org.iems.api.queue.DsnReturn;
import org.iems.api.queue.Envelope;
import org.iems.api.queue.EnvelopeRecipient;
import org.iems.api.queue.QueueEntry;
import org.iems.api.queue.RecipientState;
import org.iems.api.queue.RecipientStatus;

/** Reads whole entries: the entry's row, its recipients and its tags. */
final class EntryReader {

    private EntryReader() {
    }

    /** The entry's row, read and closed before its recipients are (a cursor left open holds a lock). */
    private record EntryRow(Optional<MailAddress> sender, Optional<String> envid, Optional<DsnReturn> ret, BodyType body,
            boolean smtpUtf8, String client, Optional<MailAddress> authUser, Instant received, BlobId blob, long size,
            Instant created, Instant expires, Optional<String> heldReason) {
    }

    /** The entry, or empty if there is none (or it was removed meanwhile). */
    static Optional<QueueEntry> load(Connection c, String queueId) throws SQLException {
        EntryRow row;
        try (PreparedStatement ps = c.prepareStatement("SELECT sender, envid, ret, body_type, smtputf8, client, auth_user,"
                + " received_at, blob_id, size, created_at, expires_at, held, held_reason FROM q_entry WHERE queue_id = ?")) {
            ps.setString(1, queueId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                row = new EntryRow(Optional.ofNullable(rs.getString(1)).map(MailAddress::parse),
                        Optional.ofNullable(rs.getString(2)), Optional.ofNullable(rs.getString(3)).map(DsnReturn::valueOf),
                        BodyType.valueOf(rs.getString(4)), rs.getBoolean(5), rs.getString(6),
                        Optional.ofNullable(rs.getString(7)).map(MailAddress::parse), rs.getTimestamp(8).toInstant(),
                        new BlobId(rs.getString(9).strip()), rs.getLong(10), rs.getTimestamp(11).toInstant(),
                        rs.getTimestamp(12).toInstant(),
                        rs.getBoolean(13) ? Optional.of(Optional.ofNullable(rs.getString(14)).orElse("held")) : Optional.empty());
            }
        }
        List<RecipientStatus> statuses = statuses(c, queueId);
        if (statuses.isEmpty()) {
            return Optional.empty(); // removed meanwhile
        }
        Map<String, EnvelopeRecipient> originals = new LinkedHashMap<>();
        statuses.forEach(s -> originals.putIfAbsent(s.original().address().key(), s.original()));
        Envelope envelope = new Envelope(row.sender(), new ArrayList<>(originals.values()), row.envid(), row.ret(),
                row.body(), row.smtpUtf8(), row.client(), row.authUser(), row.received());
        return Optional.of(new QueueEntry(queueId, envelope, row.blob(), row.size(), tags(c, queueId), statuses,
                row.created(), row.expires(), row.heldReason()));
    }

    /** The entries named, those that still exist, in the order given. */
    static List<QueueEntry> loadAll(Connection c, List<String> queueIds) throws SQLException {
        List<QueueEntry> entries = new ArrayList<>(queueIds.size());
        for (String id : queueIds) {
            load(c, id).ifPresent(entries::add);
        }
        return entries;
    }

    private static List<RecipientStatus> statuses(Connection c, String queueId) throws SQLException {
        List<RecipientStatus> statuses = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT orig_address, notify, orcpt, address, channel, state,"
                + " attempts, next_attempt, last_result FROM q_rcpt WHERE queue_id = ? ORDER BY seq")) {
            ps.setString(1, queueId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp next = rs.getTimestamp(8);
                    statuses.add(new RecipientStatus(original(rs), MailAddress.parse(rs.getString(4)),
                            Optional.ofNullable(rs.getString(5)), RecipientState.valueOf(rs.getString(6)), rs.getInt(7),
                            Optional.ofNullable(next).map(Timestamp::toInstant), Optional.ofNullable(rs.getString(9))));
                }
            }
        }
        return statuses;
    }

    /** The envelope recipient of a row of (orig_address, notify, orcpt, …). */
    private static EnvelopeRecipient original(ResultSet rs) throws SQLException {
        Set<DsnNotify> notify = EnumSet.noneOf(DsnNotify.class);
        String n = rs.getString(2);
        if (!n.isEmpty()) {
            for (String v : n.split(",")) {
                notify.add(DsnNotify.valueOf(v));
            }
        }
        return new EnvelopeRecipient(MailAddress.parse(rs.getString(1)), notify, Optional.ofNullable(rs.getString(3)));
    }

    private static Map<String, String> tags(Connection c, String queueId) throws SQLException {
        Map<String, String> tags = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT name, tag_value FROM q_tag WHERE queue_id = ? ORDER BY name")) {
            ps.setString(1, queueId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tags.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return tags;
    }
}
