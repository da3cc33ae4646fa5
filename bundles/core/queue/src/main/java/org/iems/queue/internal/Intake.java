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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.iems.api.blob.BlobRef;
import org.iems.api.queue.QueueEntry;
import org.iems.api.queue.RecipientState;
import org.iems.api.queue.RoutedRecipient;
import org.iems.api.queue.Routing;
import org.iems.api.storage.Transactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The preprocessor's side: new entries claimed under leases, routed, held and released. Each
 * transaction takes the entry's row before its recipients.
 */
final class Intake {

    private static final Logger LOG = LoggerFactory.getLogger(Intake.class);

    private final Transactions transactions;
    private final Clock clock;
    private final Supplier<RetryPolicy> policy;
    private final String node;
    private final Activity activity;

    Intake(Transactions transactions, Clock clock, Supplier<RetryPolicy> policy, String node, Activity activity) {
        this.transactions = transactions;
        this.clock = clock;
        this.policy = policy;
        this.node = node;
        this.activity = activity;
    }

    List<QueueEntry> claimNew(int max, Duration lease) {
        Instant now = clock.instant();
        List<String> claimed = Sql.unchecked(transactions, "cannot claim new entries", c -> {
            List<String> candidates;
            try (PreparedStatement ps = c.prepareStatement("SELECT queue_id FROM q_entry WHERE phase = ? AND held = ?"
                    + " AND (lease_until IS NULL OR lease_until < ?) ORDER BY created_at OFFSET 0 ROWS FETCH NEXT ? ROWS ONLY")) {
                ps.setString(1, Sql.NEW);
                ps.setBoolean(2, false);
                ps.setTimestamp(3, Timestamp.from(now));
                ps.setInt(4, max);
                candidates = Sql.firstColumn(ps);
            }
            List<String> won = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("UPDATE q_entry SET lease_until = ?, lease_owner = ?"
                    + " WHERE queue_id = ? AND phase = ? AND held = ? AND (lease_until IS NULL OR lease_until < ?)")) {
                for (String id : candidates.stream().sorted().toList()) {
                    ps.setTimestamp(1, Timestamp.from(now.plus(lease)));
                    ps.setString(2, node);
                    ps.setString(3, id);
                    ps.setString(4, Sql.NEW);
                    ps.setBoolean(5, false);
                    ps.setTimestamp(6, Timestamp.from(now));
                    if (ps.executeUpdate() == 1) {
                        won.add(id);
                    }
                }
            }
            return won;
        });
        if (claimed.isEmpty()) {
            return List.of();
        }
        // read once the claims are committed, holding no lock: the leases keep the entries ours
        return Sql.unchecked(transactions, "cannot read claimed entries", c -> EntryReader.loadAll(c, claimed));
    }

    void route(String queueId, Routing routing) {
        Sql.unchecked(transactions, "cannot route " + queueId, c -> {
            Instant now = clock.instant();
            if (Sql.update(c, "UPDATE q_entry SET phase = ?, lease_until = NULL WHERE queue_id = ? AND phase = ?",
                    Sql.ROUTED, queueId, Sql.NEW) == 0) {
                throw new SQLException("no new queue entry " + queueId + " to route");
            }
            boolean fromNullSender;
            long size;
            try (PreparedStatement ps = c.prepareStatement("SELECT sender, size FROM q_entry WHERE queue_id = ?")) {
                ps.setString(1, queueId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    fromNullSender = rs.getString(1) == null;
                    size = routing.body().map(BlobRef::size).orElse(rs.getLong(2));
                }
            }
            if (routing.body().isPresent()) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE q_entry SET blob_id = ?, size = ? WHERE queue_id = ?")) {
                    ps.setString(1, routing.body().get().id().hex());
                    ps.setLong(2, routing.body().get().size());
                    ps.setString(3, queueId);
                    ps.executeUpdate();
                }
            }
            Sql.update(c, "DELETE FROM q_rcpt WHERE queue_id = ?", queueId);
            List<RecipientRow> rows = new ArrayList<>(routing.recipients().size());
            for (RoutedRecipient r : routing.recipients()) {
                RecipientState state = r.finalState().orElse(RecipientState.QUEUED);
                // delivered at routing: an address expanded to its members, told "expanded" if it asked
                String expanded = state == RecipientState.DELIVERED
                        ? RecipientRow.successAction(fromNullSender, r.original(), "expanded") : null;
                rows.add(new RecipientRow(r.original(), r.address(), r.channel().orElse(null), state,
                        state == RecipientState.QUEUED ? now : null, r.reason().orElse(null),
                        ClaimPriority.of(fromNullSender, size, rows.size()), expanded));
                if (state.isFinal()) {
                    LOG.info("{}: to=<{}>, status={} ({})", queueId, r.address(), state.name().toLowerCase(Locale.ROOT),
                            r.reason().orElse(""));
                }
            }
            RecipientRow.insert(c, queueId, rows);
            for (Map.Entry<String, String> tag : routing.tags().entrySet()) {
                Sql.update(c, "DELETE FROM q_tag WHERE queue_id = ? AND name = ?", queueId, tag.getKey());
                Sql.update(c, "INSERT INTO q_tag (queue_id, name, tag_value) VALUES (?, ?, ?)", queueId, tag.getKey(),
                        tag.getValue());
            }
            SpamTtl spam = policy.get().spam();
            if (spam.matches(routing.tags())) {
                shortenTtl(c, queueId, spam.ttl());
            }
            Completion.finishIfDone(c, queueId);
            return null;
        });
        activity.routed(routing.recipients().stream().filter(r -> r.finalState().isEmpty())
                .flatMap(r -> r.channel().stream()).collect(Collectors.toSet()));
    }

    /** Makes a spam-tagged entry expire its spam time to live after it was queued, unless it expires sooner. */
    private static void shortenTtl(Connection c, String queueId, Duration ttl) throws SQLException {
        Instant created;
        try (PreparedStatement ps = c.prepareStatement("SELECT created_at FROM q_entry WHERE queue_id = ?")) {
            ps.setString(1, queueId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return;
                }
                created = rs.getTimestamp(1).toInstant();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE q_entry SET expires_at = ? WHERE queue_id = ?"
                + " AND expires_at > ?")) {
            Timestamp expires = Timestamp.from(created.plus(ttl));
            ps.setTimestamp(1, expires);
            ps.setString(2, queueId);
            ps.setTimestamp(3, expires);
            if (ps.executeUpdate() == 1) {
                LOG.info("{}: spam-tagged: expires {}", queueId, created.plus(ttl));
            }
        }
    }

    void hold(String queueId, String reason) {
        Sql.unchecked(transactions, "cannot hold " + queueId, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE q_entry SET held = ?, held_reason = ? WHERE queue_id = ?")) {
                ps.setBoolean(1, true);
                ps.setString(2, reason);
                ps.setString(3, queueId);
                return ps.executeUpdate();
            }
        });
        LOG.warn("{}: held: {}", queueId, reason);
    }

    void release(String queueId) {
        Sql.unchecked(transactions, "cannot release " + queueId, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE q_entry SET held = ?, held_reason = NULL, lease_until = NULL WHERE queue_id = ?")) {
                ps.setBoolean(1, false);
                ps.setString(2, queueId);
                return ps.executeUpdate();
            }
        });
        activity.everyone();
        LOG.info("{}: released", queueId);
    }

    int releaseHeld(String reasonPrefix) {
        int released = Sql.unchecked(transactions, "cannot release held entries", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE q_entry SET held = ?, held_reason = NULL,"
                    + " lease_until = NULL WHERE held = ? AND held_reason LIKE ? ESCAPE '\\'")) {
                ps.setBoolean(1, false);
                ps.setBoolean(2, true);
                ps.setString(3, reasonPrefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
                return ps.executeUpdate();
            }
        });
        if (released > 0) {
            activity.everyone();
            LOG.info("Released {} entries held for '{}'", released, reasonPrefix);
        }
        return released;
    }
}
