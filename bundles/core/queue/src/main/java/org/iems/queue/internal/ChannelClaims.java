package org.iems.queue.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.iems.api.queue.Delivery;
import org.iems.api.queue.DeliveryOutcome;
import org.iems.api.queue.DeliveryResult;
import org.iems.api.queue.QueueEntry;
import org.iems.api.queue.RecipientState;
import org.iems.api.queue.RecipientStatus;
import org.iems.api.storage.Transactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channels' side: due recipients claimed under leases, outcomes recorded, claims given back.
 * Claims are an {@code UPDATE … WHERE} that only matches a row still due, so two workers (or two
 * nodes) never claim the same recipient, and a crashed worker's claims fall due again when their
 * leases end.
 *
 * <p>Lock order: these transactions change recipient rows only, one at a time in the order of
 * (queue id, sequence number), and read nothing while they hold them; the entries they touched
 * are read or finished after the commit. So two of them never wait for each other in a cycle.
 */
final class ChannelClaims {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelClaims.class);
    /** A recipient is due when queued and its time has come, or claimed under a lease that ran out. */
    private static final String DUE = due("");

    /** The condition of a due recipient, on columns of the given table alias ({@code "r."}, or none). */
    private static String due(String alias) {
        return "(" + alias + "state = 'QUEUED' AND " + alias + "next_attempt <= ?) OR (" + alias
                + "state = 'IN_DELIVERY' AND " + alias + "lease_until < ?)";
    }

    /**
     * Makes Derby read the channel's due recipients (index {@code q_rcpt_due}) and look up each one's
     * entry, rather than walk every routed entry and look up its recipients, which its optimizer
     * chose even with fresh statistics: with 50,000 recipients waiting for another channel, each
     * claim took 7.7 ms instead of 0.06 ms (bench/README.md). An SQL comment to PostgreSQL, whose
     * planner needs no hint.
     */
    private static final String DUE_RECIPIENTS_FIRST = "--DERBY-PROPERTIES joinOrder=FIXED\n";

    private static final Comparator<Delivery> ROW_ORDER = Comparator
            .comparing((Delivery d) -> d.entry().queueId()).thenComparingInt(ChannelClaims::seq);

    private final Transactions transactions;
    private final Clock clock;
    private final Supplier<RetryPolicy> policy;
    private final String node;
    private final Activity activity;
    private final Completion completion;

    ChannelClaims(Transactions transactions, Clock clock, Supplier<RetryPolicy> policy, String node, Activity activity,
            Completion completion) {
        this.transactions = transactions;
        this.clock = clock;
        this.policy = policy;
        this.node = node;
        this.activity = activity;
        this.completion = completion;
    }

    /** A recipient row's key. */
    private record RowKey(String queueId, int seq) {
    }

    private static final Comparator<RowKey> ROW_KEY_ORDER = Comparator.comparing(RowKey::queueId)
            .thenComparingInt(RowKey::seq);

    List<Delivery> claim(String channel, int max, Duration lease) {
        Instant now = clock.instant();
        List<RowKey> won = Sql.unchecked(transactions, "cannot claim deliveries for " + channel, c -> {
            List<RowKey> candidates = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT r.queue_id, r.seq FROM " + DUE_RECIPIENTS_FIRST
                    + " q_rcpt r JOIN q_entry e ON e.queue_id = r.queue_id"
                    + " WHERE r.channel = ? AND e.held = ? AND e.phase = ? AND ("
                    + due("r.")
                    + ") ORDER BY r.claim_priority, r.next_attempt, r.queue_id, r.seq OFFSET 0 ROWS FETCH NEXT ? ROWS ONLY")) {
                ps.setString(1, channel);
                ps.setBoolean(2, false);
                ps.setString(3, Sql.ROUTED);
                ps.setTimestamp(4, Timestamp.from(now));
                ps.setTimestamp(5, Timestamp.from(now));
                ps.setInt(6, max);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        candidates.add(new RowKey(rs.getString(1), rs.getInt(2)));
                    }
                }
            }
            Set<RowKey> claimed = new HashSet<>();
            try (PreparedStatement ps = c.prepareStatement("UPDATE q_rcpt SET state = 'IN_DELIVERY', lease_until = ?,"
                    + " lease_owner = ?, attempts = attempts + 1 WHERE queue_id = ? AND seq = ? AND (" + DUE + ")")) {
                for (RowKey candidate : candidates.stream().sorted(ROW_KEY_ORDER).toList()) {
                    ps.setTimestamp(1, Timestamp.from(now.plus(lease)));
                    ps.setString(2, node);
                    ps.setString(3, candidate.queueId());
                    ps.setInt(4, candidate.seq());
                    ps.setTimestamp(5, Timestamp.from(now));
                    ps.setTimestamp(6, Timestamp.from(now));
                    if (ps.executeUpdate() == 1) {
                        claimed.add(candidate);
                    }
                }
            }
            // handed out in the order of the claim: priority, then due time
            return candidates.stream().filter(claimed::contains).toList();
        });
        if (won.isEmpty()) {
            return List.of();
        }
        // read once the claims are committed, holding no lock: the leases keep the recipients ours
        List<String> ids = won.stream().map(RowKey::queueId).distinct().toList();
        Map<String, QueueEntry> entries = new HashMap<>();
        Sql.unchecked(transactions, "cannot read claimed entries", c -> EntryReader.loadAll(c, ids))
                .forEach(entry -> entries.put(entry.queueId(), entry));
        List<Delivery> claimed = new ArrayList<>(won.size());
        for (RowKey key : won) {
            QueueEntry entry = entries.get(key.queueId());
            if (entry == null) {
                continue; // deleted by an operator meanwhile
            }
            RecipientStatus status = entry.recipients().get(key.seq());
            claimed.add(new Delivery(key.queueId() + "/" + key.seq(), entry, status, status.attempts()));
        }
        return claimed;
    }

    void returnClaims(List<Delivery> deliveries) {
        if (deliveries.isEmpty()) {
            return;
        }
        Sql.unchecked(transactions, "cannot give back " + deliveries.size() + " claim(s)", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE q_rcpt SET state = 'QUEUED', lease_until = NULL,"
                    + " lease_owner = NULL, next_attempt = ?, attempts = attempts - 1 WHERE queue_id = ? AND seq = ?"
                    + " AND state = 'IN_DELIVERY'")) {
                for (Delivery d : deliveries.stream().sorted(ROW_ORDER).toList()) {
                    ps.setTimestamp(1, Timestamp.from(clock.instant()));
                    ps.setString(2, d.entry().queueId());
                    ps.setInt(3, seq(d));
                    ps.addBatch();
                }
                return ps.executeBatch();
            }
        });
        activity.everyone();
    }

    void record(List<DeliveryOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        List<Recorded> changes = outcomes.stream().map(o -> recorded(o, now))
                .sorted(Comparator.comparing(Recorded::delivery, ROW_ORDER)).toList();
        Sql.unchecked(transactions, "cannot record " + outcomes.size() + " delivery outcome(s)", c -> {
            for (Recorded change : changes) {
                change.apply(c);
            }
            return null;
        });
        changes.forEach(change -> log(change.delivery(), change.status(), change.result()));
        completion.finishIfDone(changes.stream().filter(change -> change.state() != RecipientState.QUEUED)
                .map(change -> change.delivery().entry().queueId()).toList());
    }

    /**
     * One outcome as the row change it makes and the word the log line gives it; a success action
     * ("delivered", "relayed") when the sender is to be told of the delivery.
     */
    private record Recorded(Delivery delivery, RecipientState state, Instant nextAttempt, String result,
            String status, String successAction) {

        Recorded(Delivery delivery, RecipientState state, Instant nextAttempt, String result, String status) {
            this(delivery, state, nextAttempt, result, status, null);
        }

        void apply(Connection c) throws SQLException {
            if (state == RecipientState.QUEUED) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE q_rcpt SET state = 'QUEUED', lease_until = NULL,"
                        + " next_attempt = ?, last_result = ? WHERE queue_id = ? AND seq = ?")) {
                    ps.setTimestamp(1, Timestamp.from(nextAttempt));
                    ps.setString(2, Sql.truncate(result));
                    ps.setString(3, delivery.entry().queueId());
                    ps.setInt(4, seq(delivery));
                    ps.executeUpdate();
                }
                return;
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE q_rcpt SET state = ?, lease_until = NULL,"
                    + " next_attempt = NULL, last_result = ?, notified = ?, success_action = ?"
                    + " WHERE queue_id = ? AND seq = ?")) {
                ps.setString(1, state.name());
                ps.setString(2, Sql.truncate(result));
                ps.setBoolean(3, state == RecipientState.DELIVERED && successAction == null);
                ps.setString(4, successAction);
                ps.setString(5, delivery.entry().queueId());
                ps.setInt(6, seq(delivery));
                ps.executeUpdate();
            }
        }
    }

    private Recorded recorded(DeliveryOutcome outcome, Instant now) {
        Delivery d = outcome.delivery();
        if (outcome.result() instanceof DeliveryResult.Delivered delivered) {
            return new Recorded(d, RecipientState.DELIVERED, null, delivered.detail(), "sent",
                    successAction(d, delivered.kind()));
        }
        if (outcome.result() instanceof DeliveryResult.PermanentFailure failure) {
            return new Recorded(d, RecipientState.BOUNCED, null, failure.status() + " " + failure.reason(), "bounced");
        }
        String reason = ((DeliveryResult.TemporaryFailure) outcome.result()).reason();
        if (!now.isBefore(d.entry().expires())) {
            return new Recorded(d, RecipientState.EXPIRED, null, "4.4.7 delivery time expired: " + reason, "expired");
        }
        return new Recorded(d, RecipientState.QUEUED, now.plus(policy.get().delayAfter(d.attempt())), reason,
                "deferred");
    }

    /**
     * The action a success notice reports for a delivery (RFC 3461 section 6.2.6), or {@code null}
     * when none is due here: the next hop took the request on, or the recipient did not ask.
     */
    private static String successAction(Delivery d, DeliveryResult.Delivered.Kind kind) {
        if (kind == DeliveryResult.Delivered.Kind.PASSED_ON) {
            return null;
        }
        return RecipientRow.successAction(d.entry().envelope().sender().isEmpty(), d.recipient().original(),
                kind == DeliveryResult.Delivered.Kind.FINAL ? "delivered" : "relayed");
    }

    private static void log(Delivery d, String status, String result) {
        LOG.info("{}: to=<{}>, channel={}, attempt={}, delay={}s, status={} ({})", d.entry().queueId(),
                d.recipient().address(), d.recipient().channel().orElse("-"), d.attempt(),
                Duration.between(d.entry().created(), Instant.now()).toSeconds(), status, result);
    }

    private static int seq(Delivery delivery) {
        return Integer.parseInt(delivery.deliveryKey().substring(delivery.deliveryKey().lastIndexOf('/') + 1));
    }

    /**
     * Ends the leases this node held when it stopped or crashed, so its claimed entries and
     * recipients are due again now instead of when their leases would have run out. Call it
     * before this node claims anything.
     *
     * @return how many claims were taken back
     */
    int releaseOwnClaims() {
        int released = Sql.unchecked(transactions, "cannot release the claims of node " + node, c -> {
            int n = Sql.update(c, "UPDATE q_entry SET lease_until = NULL WHERE lease_owner = ? AND lease_until IS NOT NULL",
                    node);
            try (PreparedStatement ps = c.prepareStatement("UPDATE q_rcpt SET lease_until = ? WHERE lease_owner = ?"
                    + " AND state = 'IN_DELIVERY'")) {
                ps.setTimestamp(1, Timestamp.from(Instant.EPOCH));
                ps.setString(2, node);
                return n + ps.executeUpdate();
            }
        });
        if (released > 0) {
            LOG.info("Took back {} claim(s) this node ({}) held when it last stopped", released, node);
        }
        return released;
    }
}
