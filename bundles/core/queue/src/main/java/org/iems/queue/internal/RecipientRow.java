package org.iems.queue.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.iems.api.mail.MailAddress;
import org.iems.api.queue.DsnNotify;
import org.iems.api.queue.EnvelopeRecipient;
import org.iems.api.queue.RecipientState;

/**
 * One recipient row as it is written: a recipient of a new entry, or a final recipient after routing.
 *
 * @param original the envelope recipient
 * @param address the (final) address
 * @param channel the channel, or null
 * @param state its state
 * @param nextAttempt when it is due, or null
 * @param result the reason of a final state, or null
 * @param priority its {@link ClaimPriority} class
 * @param successAction the success notice due ("expanded"), or null
 */
record RecipientRow(EnvelopeRecipient original, MailAddress address, String channel, RecipientState state,
        Instant nextAttempt, String result, int priority, String successAction) {

    /** A recipient of a new entry, before routing. */
    static RecipientRow fresh(EnvelopeRecipient recipient) {
        return new RecipientRow(recipient, recipient.address(), null, RecipientState.NEW, null, null,
                ClaimPriority.ORDINARY, null);
    }

    /**
     * The success notice due for a recipient that is delivered, relayed or expanded: the action if
     * it asked NOTIFY=SUCCESS of a sender that can be told, else {@code null}.
     */
    static String successAction(boolean fromNullSender, EnvelopeRecipient original, String action) {
        return fromNullSender || !original.notifyOn().contains(DsnNotify.SUCCESS) ? null : action;
    }

    /** Writes an entry's recipients, numbered from 0 in the given order, in one batch. */
    static void insert(Connection c, String queueId, List<RecipientRow> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO q_rcpt (queue_id, seq, orig_address, notify, orcpt,"
                + " address, channel, state, attempts, next_attempt, last_result, notified, claim_priority,"
                + " success_action) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)")) {
            int seq = 0;
            for (RecipientRow row : rows) {
                EnvelopeRecipient original = row.original();
                ps.setString(1, queueId);
                ps.setInt(2, seq++);
                ps.setString(3, original.address().toString());
                ps.setString(4, String.join(",", original.notifyOn().stream().map(Enum::name).sorted().toList()));
                ps.setString(5, original.originalRecipient().orElse(null));
                ps.setString(6, row.address().toString());
                ps.setString(7, row.channel());
                ps.setString(8, row.state().name());
                ps.setTimestamp(9, row.nextAttempt() == null ? null : Timestamp.from(row.nextAttempt()));
                ps.setString(10, row.result());
                ps.setBoolean(11, row.state() != RecipientState.BOUNCED && row.state() != RecipientState.EXPIRED
                        && row.successAction() == null);
                ps.setInt(12, row.priority());
                ps.setString(13, row.successAction());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
