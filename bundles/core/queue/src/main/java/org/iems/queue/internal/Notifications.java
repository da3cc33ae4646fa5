package org.iems.queue.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.iems.api.queue.QueueEntry;
import org.iems.api.queue.RecipientStatus;
import org.iems.api.storage.Transactions;

/** What the notifier reads and records: recipients whose sender is still to be told of them. */
final class Notifications {

    private final Transactions transactions;
    private final Supplier<RetryPolicy> policy;
    private final Completion completion;

    Notifications(Transactions transactions, Supplier<RetryPolicy> policy, Completion completion) {
        this.transactions = transactions;
        this.policy = policy;
        this.completion = completion;
    }

    /**
     * An entry with recipients whose sender has not been told yet what became of them (or that
     * they are delayed).
     *
     * @param entry the entry as it is now
     * @param recipients the recipients: bounced or expired, delivered with a success notice due, or delayed
     */
    record Untold(QueueEntry entry, List<UntoldRecipient> recipients) {
    }

    /**
     * One recipient the sender is to be told about.
     *
     * @param seq its sequence number, for {@link #markNotified} and {@link #markDelayWarned}
     * @param status the recipient
     * @param successAction for a delivered one, what the success notice reports: "delivered", "relayed"
     *        or "expanded"
     */
    record UntoldRecipient(int seq, RecipientStatus status, Optional<String> successAction) {
    }

    /** The policy in force now (the notifier's delay warnings and spam time to live). */
    RetryPolicy policy() {
        return policy.get();
    }

    /** Entries with final recipients whose sender was not told yet, oldest first. */
    List<Untold> untold(int max) {
        return Sql.unchecked(transactions, "cannot read the recipients to notify", c -> {
            List<String> ids;
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT queue_id FROM q_rcpt WHERE notified = ?"
                    + " AND state IN (" + Sql.FINAL + ")")) {
                ps.setBoolean(1, false);
                ps.setMaxRows(max);
                ids = Sql.firstColumn(ps);
            }
            List<Untold> result = new ArrayList<>();
            for (QueueEntry entry : EntryReader.loadAll(c, ids)) {
                result.add(new Untold(entry, untoldOf(c, entry)));
            }
            return result;
        });
    }

    private static List<UntoldRecipient> untoldOf(Connection c, QueueEntry entry) throws SQLException {
        List<UntoldRecipient> recipients = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, success_action FROM q_rcpt"
                + " WHERE queue_id = ? AND notified = ? AND state IN (" + Sql.FINAL + ") ORDER BY seq")) {
            ps.setString(1, entry.queueId());
            ps.setBoolean(2, false);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    recipients.add(new UntoldRecipient(rs.getInt(1), entry.recipients().get(rs.getInt(1)),
                            Optional.ofNullable(rs.getString(2))));
                }
            }
        }
        return recipients;
    }

    /** Entries queued before the given time with deferred recipients not yet warned about. */
    List<Untold> unwarnedDelays(Instant queuedBefore, int max) {
        return Sql.unchecked(transactions, "cannot read delayed recipients", c -> {
            Map<String, List<Integer>> seqsById = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT r.queue_id, r.seq FROM q_rcpt r JOIN q_entry e ON"
                    + " e.queue_id = r.queue_id WHERE r.state = 'QUEUED' AND r.delay_warned = ?"
                    + " AND e.created_at <= ? ORDER BY e.created_at, r.queue_id, r.seq")) {
                ps.setBoolean(1, false);
                ps.setTimestamp(2, Timestamp.from(queuedBefore));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next() && (seqsById.size() < max || seqsById.containsKey(rs.getString(1)))) {
                        seqsById.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getInt(2));
                    }
                }
            }
            List<Untold> result = new ArrayList<>();
            for (QueueEntry entry : EntryReader.loadAll(c, List.copyOf(seqsById.keySet()))) {
                result.add(new Untold(entry, seqsById.get(entry.queueId()).stream()
                        .map(seq -> new UntoldRecipient(seq, entry.recipients().get(seq), Optional.empty())).toList()));
            }
            return result;
        });
    }

    /** Records that the sender was told (or needs no telling) that these recipients are delayed. */
    void markDelayWarned(String queueId, List<Integer> seqs) {
        Sql.unchecked(transactions, "cannot record the delay warning for " + queueId,
                c -> setTrue(c, "delay_warned", queueId, seqs));
    }

    /** Records that the sender was told (or needs no telling) of these recipients; may remove the entry. */
    void markNotified(String queueId, List<Integer> seqs) {
        Sql.unchecked(transactions, "cannot record the notification for " + queueId,
                c -> setTrue(c, "notified", queueId, seqs));
        completion.finishIfDone(List.of(queueId));
    }

    /** Sets one of the recipients' flag columns (a name of this class's own) in one batch, in sequence order. */
    private static int[] setTrue(Connection c, String column, String queueId, List<Integer> seqs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE q_rcpt SET " + column + " = ? WHERE queue_id = ? AND seq = ?")) {
            for (int seq : seqs.stream().sorted().toList()) {
                ps.setBoolean(1, true);
                ps.setString(2, queueId);
                ps.setInt(3, seq);
                ps.addBatch();
            }
            return ps.executeBatch();
        }
    }
}
