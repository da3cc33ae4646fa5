package org.iems.queue.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.iems.api.blob.BlobRef;
import org.iems.api.queue.Envelope;
import org.iems.api.queue.QueueEntry;
import org.iems.api.queue.QueueException;
import org.iems.api.queue.RecipientState;
import org.iems.api.queue.RecipientStatus;
import org.iems.api.storage.Transactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** New entries: their ids, the enqueue that makes them durable, and looking one up. */
final class Submission {

    private static final Logger LOG = LoggerFactory.getLogger(Submission.class);

    private final Transactions transactions;
    private final Clock clock;
    private final Supplier<RetryPolicy> policy;
    private final Activity activity;
    private final QueueIds ids;

    Submission(Transactions transactions, Clock clock, Supplier<RetryPolicy> policy, Activity activity) {
        this.transactions = transactions;
        this.clock = clock;
        this.policy = policy;
        this.activity = activity;
        this.ids = new QueueIds(clock);
    }

    String newQueueId() {
        return ids.next();
    }

    /**
     * Adds a message, with tags from the start: a notification about a spam-tagged message carries
     * the spam tag, and with it the spam time to live.
     */
    QueueEntry enqueue(Envelope envelope, BlobRef body, String queueId, Map<String, String> tags) throws QueueException {
        String id = queueId == null ? ids.next() : queueId;
        Instant now = clock.instant();
        RetryPolicy retry = policy.get();
        Instant expires = now.plus(retry.spam().matches(tags) ? retry.spam().ttl() : retry.ttl());
        try {
            transactions.run(c -> {
                insertEntry(c, id, envelope, body, now, expires);
                RecipientRow.insert(c, id, envelope.recipients().stream().map(RecipientRow::fresh).toList());
                for (Map.Entry<String, String> tag : tags.entrySet()) {
                    Sql.update(c, "INSERT INTO q_tag (queue_id, name, tag_value) VALUES (?, ?, ?)", id, tag.getKey(),
                            tag.getValue());
                }
                return null;
            });
        } catch (SQLException e) {
            throw new QueueException("cannot queue the message: " + e.getMessage(), e);
        }
        activity.newEntry();
        LOG.info("{}: from=<{}>, nrcpt={}, client={}", id, envelope.sender().map(Object::toString).orElse(""),
                envelope.recipients().size(), envelope.client());
        // built here, not read back: once committed, workers may already be routing or removing it
        List<RecipientStatus> statuses = envelope.recipients().stream()
                .map(r -> new RecipientStatus(r, r.address(), Optional.empty(), RecipientState.NEW, 0, Optional.empty(),
                        Optional.empty()))
                .toList();
        return new QueueEntry(id, envelope, body.id(), body.size(), tags, statuses, now, expires, Optional.empty());
    }

    private static void insertEntry(Connection c, String id, Envelope e, BlobRef body, Instant now, Instant expires)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO q_entry (queue_id, sender, envid, ret, body_type,"
                + " smtputf8, client, auth_user, received_at, blob_id, size, phase, held, created_at, expires_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, e.sender().map(Object::toString).orElse(null));
            ps.setString(3, e.envelopeId().orElse(null));
            ps.setString(4, e.ret().map(Enum::name).orElse(null));
            ps.setString(5, e.body().name());
            ps.setBoolean(6, e.smtpUtf8());
            ps.setString(7, e.client());
            ps.setString(8, e.authenticatedUser().map(Object::toString).orElse(null));
            ps.setTimestamp(9, Timestamp.from(e.received()));
            ps.setString(10, body.id().hex());
            ps.setLong(11, body.size());
            ps.setString(12, Sql.NEW);
            ps.setBoolean(13, false);
            ps.setTimestamp(14, Timestamp.from(now));
            ps.setTimestamp(15, Timestamp.from(expires));
            ps.executeUpdate();
        }
    }

    Optional<QueueEntry> find(String queueId) {
        return Sql.unchecked(transactions, "cannot read queue entry " + queueId, c -> EntryReader.load(c, queueId));
    }
}
