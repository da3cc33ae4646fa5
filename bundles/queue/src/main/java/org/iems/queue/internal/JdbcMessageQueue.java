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
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.iems.api.blob.BlobHolder;
import org.iems.api.blob.BlobId;
import org.iems.api.blob.BlobRef;
import org.iems.api.mail.DomainName;
import org.iems.api.mail.MailAddress;
import org.iems.api.queue.BodyType;
import org.iems.api.queue.Delivery;
import org.iems.api.queue.DeliveryOutcome;
import org.iems.api.queue.DeliveryResult;
import org.iems.api.queue.DsnNotify;
import org.iems.api.queue.DsnReturn;
import org.iems.api.queue.Envelope;
import org.iems.api.queue.EnvelopeRecipient;
import org.iems.api.queue.MessageQueue;
import org.iems.api.queue.QueueEntry;
import org.iems.api.queue.QueueException;
import org.iems.api.queue.QueueStats;
import org.iems.api.queue.RecipientState;
import org.iems.api.queue.RecipientStatus;
import org.iems.api.queue.RoutedRecipient;
import org.iems.api.queue.Routing;
import org.iems.api.storage.BlobReferences;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue in the database. Each state change is one transaction, committed before the method
 * returns. Claims are leases: an {@code UPDATE … WHERE} that only matches a row still due, so two
 * workers (or two nodes) never claim the same recipient, and a crashed worker's claims fall due
 * again when their lease ends. An entry is removed when every recipient is final and its sender
 * told what it asked to be told: bounced and expired recipients wait for their failure notice,
 * delivered ones that asked NOTIFY=SUCCESS for their success notice.
 */
public final class JdbcMessageQueue implements MessageQueue, BlobHolder {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcMessageQueue.class);
    /** Deadlock (Derby, PostgreSQL) and lock timeout (Derby). */
    private static final Set<String> LOCK_CONFLICTS = Set.of("40001", "40P01", "40XL1");
    private static final int MAX_ATTEMPTS = 5;
    private static final String NEW = "NEW";
    private static final String ROUTED = "ROUTED";

    private final DataSource dataSource;
    private final String node;
    private final Clock clock;
    private final Supplier<RetryPolicy> policy;
    private final QueueIds ids;
    private final Object activity = new Object();
    /** Counts every change that may mean new work (guarded by {@link #activity}). */
    private long generation;
    /** Counts changes that may mean new work for every channel (guarded by {@link #activity}). */
    private long everyChannel;
    /** Counts routings to each channel (guarded by {@link #activity}). */
    private final Map<String, Long> routedTo = new HashMap<>();

    /**
     * @param node this node's name, written on its claims; several nodes sharing one database need
     *        distinct names
     */
    public JdbcMessageQueue(DataSource dataSource, Clock clock, Supplier<RetryPolicy> policy, String node) {
        this.node = node;
        this.dataSource = dataSource;
        this.clock = clock;
        this.policy = policy;
        this.ids = new QueueIds(clock);
    }

    /** Work in one transaction. */
    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs the work in one transaction; a transaction that meets another in a deadlock or a lock
     * timeout is rolled back by the database and simply run again, a few times.
     */
    private <T> T transaction(Work<T> work) throws SQLException {
        for (int attempt = 1;; attempt++) {
            try {
                return transactionOnce(work);
            } catch (SQLException e) {
                if (!LOCK_CONFLICTS.contains(e.getSQLState()) || attempt == MAX_ATTEMPTS) {
                    throw e;
                }
                LOG.info("queue transaction met another ({}); running it again", e.getMessage());
                try {
                    Thread.sleep(ThreadLocalRandom.current().nextInt(1, 20 * attempt));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private <T> T transactionOnce(Work<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private <T> T unchecked(String what, Work<T> work) {
        try {
            return transaction(work);
        } catch (SQLException e) {
            throw new IllegalStateException(what + ": " + e.getMessage(), e);
        }
    }

    // ----- enqueue and find

    @Override
    public String newQueueId() {
        return ids.next();
    }

    @Override
    public QueueEntry enqueue(Envelope envelope, BlobRef body, String queueId) throws QueueException {
        return enqueue(envelope, body, queueId, Map.of());
    }

    /**
     * Adds a message with tags from the start: a notification about a spam-tagged message carries
     * the spam tag, and with it the spam time to live.
     */
    QueueEntry enqueue(Envelope envelope, BlobRef body, String queueId, Map<String, String> tags) throws QueueException {
        String id = queueId == null ? ids.next() : queueId;
        Instant now = clock.instant();
        RetryPolicy retry = policy.get();
        Instant expires = now.plus(retry.spam().matches(tags) ? retry.spam().ttl() : retry.ttl());
        try {
            transaction(c -> {
                insertEntry(c, id, envelope, body, now, expires);
                insertRecipients(c, id, envelope.recipients().stream().map(r -> new RecipientRow(r, r.address(), null,
                        RecipientState.NEW, null, null, ClaimPriority.ORDINARY, null)).toList());
                for (Map.Entry<String, String> tag : tags.entrySet()) {
                    update(c, "INSERT INTO q_tag (queue_id, name, tag_value) VALUES (?, ?, ?)", id, tag.getKey(),
                            tag.getValue());
                }
                return null;
            });
            signalNewEntry();
            LOG.info("{}: from=<{}>, nrcpt={}, client={}", id, envelope.sender().map(Object::toString).orElse(""),
                    envelope.recipients().size(), envelope.client());
            // built here, not read back: once committed, workers may already be routing or removing it
            List<RecipientStatus> statuses = envelope.recipients().stream()
                    .map(r -> new RecipientStatus(r, r.address(), Optional.empty(), RecipientState.NEW, 0, Optional.empty(),
                            Optional.empty()))
                    .toList();
            return new QueueEntry(id, envelope, body.id(), body.size(), tags, statuses, now, expires, Optional.empty());
        } catch (SQLException e) {
            throw new QueueException("cannot queue the message: " + e.getMessage(), e);
        }
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
            ps.setString(12, NEW);
            ps.setBoolean(13, false);
            ps.setTimestamp(14, Timestamp.from(now));
            ps.setTimestamp(15, Timestamp.from(expires));
            ps.executeUpdate();
        }
    }

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
    private record RecipientRow(EnvelopeRecipient original, MailAddress address, String channel, RecipientState state,
            Instant nextAttempt, String result, int priority, String successAction) {
    }

    /** Writes an entry's recipients, numbered from 0 in the given order, in one batch. */
    private static void insertRecipients(Connection c, String id, List<RecipientRow> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO q_rcpt (queue_id, seq, orig_address, notify, orcpt,"
                + " address, channel, state, attempts, next_attempt, last_result, notified, claim_priority,"
                + " success_action) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)")) {
            int seq = 0;
            for (RecipientRow row : rows) {
                EnvelopeRecipient original = row.original();
                ps.setString(1, id);
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

    @Override
    public Optional<QueueEntry> find(String queueId) {
        return unchecked("cannot read queue entry " + queueId, c -> load(c, queueId));
    }

    /** The entry's row, read and closed before its recipients are (a cursor left open holds a lock). */
    private record EntryRow(Optional<MailAddress> sender, Optional<String> envid, Optional<DsnReturn> ret, BodyType body,
            boolean smtpUtf8, String client, Optional<MailAddress> authUser, Instant received, BlobId blob, long size,
            Instant created, Instant expires, Optional<String> heldReason) {
    }

    private Optional<QueueEntry> load(Connection c, String queueId) throws SQLException {
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
        List<EnvelopeRecipient> originals = originals(c, queueId);
        if (originals.isEmpty()) {
            return Optional.empty(); // removed meanwhile
        }
        Envelope envelope = new Envelope(row.sender(), originals, row.envid(), row.ret(), row.body(), row.smtpUtf8(),
                row.client(), row.authUser(), row.received());
        return Optional.of(new QueueEntry(queueId, envelope, row.blob(), row.size(), tags(c, queueId), statuses(c, queueId),
                row.created(), row.expires(), row.heldReason()));
    }

    private static EnvelopeRecipient original(ResultSet rs, int addressCol) throws SQLException {
        Set<DsnNotify> notify = EnumSet.noneOf(DsnNotify.class);
        String n = rs.getString(addressCol + 1);
        if (!n.isEmpty()) {
            for (String v : n.split(",")) {
                notify.add(DsnNotify.valueOf(v));
            }
        }
        return new EnvelopeRecipient(MailAddress.parse(rs.getString(addressCol)), notify,
                Optional.ofNullable(rs.getString(addressCol + 2)));
    }

    /** The envelope's recipients, once each, in order. */
    private static List<EnvelopeRecipient> originals(Connection c, String queueId) throws SQLException {
        Map<String, EnvelopeRecipient> originals = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT orig_address, notify, orcpt FROM q_rcpt WHERE queue_id = ? ORDER BY seq")) {
            ps.setString(1, queueId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    EnvelopeRecipient r = original(rs, 1);
                    originals.putIfAbsent(r.address().key(), r);
                }
            }
        }
        return new ArrayList<>(originals.values());
    }

    private static List<RecipientStatus> statuses(Connection c, String queueId) throws SQLException {
        List<RecipientStatus> statuses = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT orig_address, notify, orcpt, address, channel, state,"
                + " attempts, next_attempt, last_result FROM q_rcpt WHERE queue_id = ? ORDER BY seq")) {
            ps.setString(1, queueId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    statuses.add(status(rs));
                }
            }
        }
        return statuses;
    }

    private static RecipientStatus status(ResultSet rs) throws SQLException {
        Timestamp next = rs.getTimestamp(8);
        return new RecipientStatus(original(rs, 1), MailAddress.parse(rs.getString(4)), Optional.ofNullable(rs.getString(5)),
                RecipientState.valueOf(rs.getString(6)), rs.getInt(7),
                Optional.ofNullable(next).map(Timestamp::toInstant), Optional.ofNullable(rs.getString(9)));
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

    // ----- claims of a previous run

    /**
     * Ends the leases this node held when it stopped or crashed, so its claimed entries and
     * recipients are due again now instead of when their leases would have run out. Call it
     * before this node claims anything.
     *
     * @return how many claims were taken back
     */
    int releaseOwnClaims() {
        int released = unchecked("cannot release the claims of node " + node, c -> {
            Timestamp past = Timestamp.from(Instant.EPOCH);
            int n;
            try (PreparedStatement ps = c.prepareStatement("UPDATE q_entry SET lease_until = NULL WHERE lease_owner = ?"
                    + " AND lease_until IS NOT NULL")) {
                ps.setString(1, node);
                n = ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE q_rcpt SET lease_until = ? WHERE lease_owner = ?"
                    + " AND state = 'IN_DELIVERY'")) {
                ps.setTimestamp(1, past);
                ps.setString(2, node);
                return n + ps.executeUpdate();
            }
        });
        if (released > 0) {
            LOG.info("Took back {} claim(s) this node ({}) held when it last stopped", released, node);
        }
        return released;
    }

    // ----- preprocessing

    @Override
    public List<QueueEntry> claimNew(int max, Duration lease) {
        return unchecked("cannot claim new entries", c -> {
            Instant now = clock.instant();
            List<String> candidates = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT queue_id FROM q_entry WHERE phase = ? AND held = ?"
                    + " AND (lease_until IS NULL OR lease_until < ?) ORDER BY created_at OFFSET 0 ROWS FETCH NEXT ? ROWS ONLY")) {
                ps.setString(1, NEW);
                ps.setBoolean(2, false);
                ps.setTimestamp(3, Timestamp.from(now));
                ps.setInt(4, max);
                candidates.addAll(firstColumn(ps));
            }
            List<QueueEntry> claimed = new ArrayList<>();
            for (String id : candidates) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE q_entry SET lease_until = ?, lease_owner = ?"
                        + " WHERE queue_id = ? AND phase = ? AND held = ? AND (lease_until IS NULL OR lease_until < ?)")) {
                    ps.setTimestamp(1, Timestamp.from(now.plus(lease)));
                    ps.setString(2, node);
                    ps.setString(3, id);
                    ps.setString(4, NEW);
                    ps.setBoolean(5, false);
                    ps.setTimestamp(6, Timestamp.from(now));
                    if (ps.executeUpdate() == 1) {
                        claimed.add(load(c, id).orElseThrow());
                    }
                }
            }
            return claimed;
        });
    }

    @Override
    public void route(String queueId, Routing routing) {
        unchecked("cannot route " + queueId, c -> {
            Instant now = clock.instant();
            boolean fromNullSender;
            long size;
            try (PreparedStatement ps = c.prepareStatement("SELECT sender, size FROM q_entry WHERE queue_id = ?")) {
                ps.setString(1, queueId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new SQLException("no queue entry " + queueId);
                    }
                    fromNullSender = rs.getString(1) == null;
                    size = routing.body().map(BlobRef::size).orElse(rs.getLong(2));
                }
            }
            update(c, "DELETE FROM q_rcpt WHERE queue_id = ?", queueId);
            List<RecipientRow> rows = new ArrayList<>(routing.recipients().size());
            for (RoutedRecipient r : routing.recipients()) {
                RecipientState state = r.finalState().orElse(RecipientState.QUEUED);
                // delivered at routing: an address expanded to its members, told "expanded" if it asked
                String expanded = state == RecipientState.DELIVERED
                        ? successNotice(fromNullSender, r.original(), "expanded") : null;
                rows.add(new RecipientRow(r.original(), r.address(), r.channel().orElse(null), state,
                        state == RecipientState.QUEUED ? now : null, r.reason().orElse(null),
                        ClaimPriority.of(fromNullSender, size, rows.size()), expanded));
                if (state.isFinal()) {
                    LOG.info("{}: to=<{}>, status={} ({})", queueId, r.address(), state.name().toLowerCase(Locale.ROOT),
                            r.reason().orElse(""));
                }
            }
            insertRecipients(c, queueId, rows);
            for (Map.Entry<String, String> tag : routing.tags().entrySet()) {
                update(c, "DELETE FROM q_tag WHERE queue_id = ? AND name = ?", queueId, tag.getKey());
                update(c, "INSERT INTO q_tag (queue_id, name, tag_value) VALUES (?, ?, ?)", queueId, tag.getKey(),
                        tag.getValue());
            }
            SpamTtl spam = policy.get().spam();
            if (spam.matches(routing.tags())) {
                shortenTtl(c, queueId, spam.ttl());
            }
            if (routing.body().isPresent()) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE q_entry SET blob_id = ?, size = ? WHERE queue_id = ?")) {
                    ps.setString(1, routing.body().get().id().hex());
                    ps.setLong(2, routing.body().get().size());
                    ps.setString(3, queueId);
                    ps.executeUpdate();
                }
            }
            update(c, "UPDATE q_entry SET phase = ?, lease_until = NULL WHERE queue_id = ?", ROUTED, queueId);
            finishIfDone(c, queueId);
            return null;
        });
        signalChannels(routing.recipients().stream().filter(r -> r.finalState().isEmpty())
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

    @Override
    public void hold(String queueId, String reason) {
        unchecked("cannot hold " + queueId, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE q_entry SET held = ?, held_reason = ? WHERE queue_id = ?")) {
                ps.setBoolean(1, true);
                ps.setString(2, reason);
                ps.setString(3, queueId);
                ps.executeUpdate();
            }
            return null;
        });
        LOG.warn("{}: held: {}", queueId, reason);
    }

    @Override
    public void release(String queueId) {
        unchecked("cannot release " + queueId, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE q_entry SET held = ?, held_reason = NULL, lease_until = NULL WHERE queue_id = ?")) {
                ps.setBoolean(1, false);
                ps.setString(2, queueId);
                ps.executeUpdate();
            }
            return null;
        });
        signalActivity();
        LOG.info("{}: released", queueId);
    }

    @Override
    public int releaseHeld(String reasonPrefix) {
        int released = unchecked("cannot release held entries", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE q_entry SET held = ?, held_reason = NULL,"
                    + " lease_until = NULL WHERE held = ? AND held_reason LIKE ? ESCAPE '\\'")) {
                ps.setBoolean(1, false);
                ps.setBoolean(2, true);
                ps.setString(3, reasonPrefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
                return ps.executeUpdate();
            }
        });
        if (released > 0) {
            signalActivity();
            LOG.info("Released {} entries held for '{}'", released, reasonPrefix);
        }
        return released;
    }

    // ----- waiting for work

    /** Work for anyone: the preprocessor, the notifier and every channel. */
    private void signalActivity() {
        synchronized (activity) {
            generation++;
            everyChannel++;
            activity.notifyAll();
        }
    }

    /** A new entry: work for the preprocessor, none for the channels yet. */
    private void signalNewEntry() {
        synchronized (activity) {
            generation++;
            activity.notifyAll();
        }
    }

    /** Recipients routed to these channels. */
    private void signalChannels(Set<String> channels) {
        synchronized (activity) {
            generation++;
            channels.forEach(c -> routedTo.merge(c, 1L, Long::sum));
            activity.notifyAll();
        }
    }

    /** A number that changes whenever there may be new work for the channel (under {@link #activity}). */
    private long channelState(String channel) {
        return everyChannel + routedTo.getOrDefault(channel, 0L);
    }

    @Override
    public boolean awaitActivity(String channel, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (activity) {
            long seen = channelState(channel);
            long left = max.toNanos();
            while (channelState(channel) == seen && left > 0) {
                activity.wait(Math.max(1, left / 1_000_000));
                left = deadline - System.nanoTime();
            }
            return channelState(channel) != seen;
        }
    }

    @Override
    public boolean awaitActivity(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (activity) {
            long seen = generation;
            long left = max.toNanos();
            while (generation == seen && left > 0) {
                activity.wait(Math.max(1, left / 1_000_000));
                left = deadline - System.nanoTime();
            }
            return generation != seen;
        }
    }

    // ----- delivery

    @Override
    public List<Delivery> claim(String channel, int max, Duration lease) {
        return unchecked("cannot claim deliveries for " + channel, c -> {
            Instant now = clock.instant();
            List<Object[]> candidates = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT r.queue_id, r.seq FROM q_rcpt r JOIN q_entry e"
                    + " ON e.queue_id = r.queue_id WHERE r.channel = ? AND e.held = ? AND e.phase = ? AND ("
                    + DUE + ") ORDER BY r.claim_priority, r.next_attempt, r.queue_id, r.seq"
                    + " OFFSET 0 ROWS FETCH NEXT ? ROWS ONLY")) {
                ps.setString(1, channel);
                ps.setBoolean(2, false);
                ps.setString(3, ROUTED);
                ps.setTimestamp(4, Timestamp.from(now));
                ps.setTimestamp(5, Timestamp.from(now));
                ps.setInt(6, max);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        candidates.add(new Object[] {rs.getString(1), rs.getInt(2)});
                    }
                }
            }
            // the recipients won, by entry: each entry is read once, after all its claims
            Map<String, List<Integer>> won = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("UPDATE q_rcpt SET state = 'IN_DELIVERY', lease_until = ?,"
                    + " lease_owner = ?, attempts = attempts + 1 WHERE queue_id = ? AND seq = ? AND ("
                    + DUE.replace("r.", "") + ")")) {
                for (Object[] candidate : candidates) {
                    String id = (String) candidate[0];
                    int seq = (Integer) candidate[1];
                    ps.setTimestamp(1, Timestamp.from(now.plus(lease)));
                    ps.setString(2, node);
                    ps.setString(3, id);
                    ps.setInt(4, seq);
                    ps.setTimestamp(5, Timestamp.from(now));
                    ps.setTimestamp(6, Timestamp.from(now));
                    if (ps.executeUpdate() == 1) {
                        won.computeIfAbsent(id, k -> new ArrayList<>()).add(seq);
                    }
                }
            }
            List<Delivery> claimed = new ArrayList<>();
            for (Map.Entry<String, List<Integer>> e : won.entrySet()) {
                QueueEntry entry = load(c, e.getKey()).orElseThrow();
                for (int seq : e.getValue()) {
                    RecipientStatus status = entry.recipients().get(seq);
                    claimed.add(new Delivery(e.getKey() + "/" + seq, entry, status, status.attempts()));
                }
            }
            return claimed;
        });
    }

    @Override
    public void returnClaims(List<Delivery> deliveries) {
        if (deliveries.isEmpty()) {
            return;
        }
        unchecked("cannot give back " + deliveries.size() + " claim(s)", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE q_rcpt SET state = 'QUEUED', lease_until = NULL,"
                    + " lease_owner = NULL, next_attempt = ?, attempts = attempts - 1 WHERE queue_id = ? AND seq = ?"
                    + " AND state = 'IN_DELIVERY'")) {
                for (Delivery d : deliveries) {
                    ps.setTimestamp(1, Timestamp.from(clock.instant()));
                    ps.setString(2, d.entry().queueId());
                    ps.setInt(3, seq(d));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
        signalActivity();
    }

    /** A recipient is due when queued and its time has come, or claimed under a lease that ran out. */
    private static final String DUE = "(r.state = 'QUEUED' AND r.next_attempt <= ?)"
            + " OR (r.state = 'IN_DELIVERY' AND r.lease_until < ?)";

    @Override
    public void complete(Delivery delivery, String detail) {
        record(List.of(new DeliveryOutcome(delivery, new DeliveryResult.Delivered(detail))));
    }

    @Override
    public void bounce(Delivery delivery, String status, String reason) {
        record(List.of(new DeliveryOutcome(delivery, new DeliveryResult.PermanentFailure(status, reason))));
    }

    @Override
    public void defer(Delivery delivery, String reason) {
        record(List.of(new DeliveryOutcome(delivery, new DeliveryResult.TemporaryFailure(reason))));
    }

    @Override
    public void record(List<DeliveryOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        List<Recorded> changes = outcomes.stream().map(o -> recorded(o, now)).toList();
        unchecked("cannot record " + outcomes.size() + " delivery outcome(s)", c -> {
            Set<String> touched = new LinkedHashSet<>();
            for (Recorded change : changes) {
                change.apply(c);
                touched.add(change.delivery().entry().queueId());
            }
            for (String queueId : touched) {
                finishIfDone(c, queueId);
            }
            return null;
        });
        changes.forEach(change -> log(change.delivery(), change.status(), change.result()));
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
                    ps.setString(2, truncate(result));
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
                ps.setString(2, truncate(result));
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
     * when none is due here: the next hop took the request on, or {@link #successNotice} says none.
     */
    private static String successAction(Delivery d, DeliveryResult.Delivered.Kind kind) {
        if (kind == DeliveryResult.Delivered.Kind.PASSED_ON) {
            return null;
        }
        return successNotice(d.entry().envelope().sender().isEmpty(), d.recipient().original(),
                kind == DeliveryResult.Delivered.Kind.FINAL ? "delivered" : "relayed");
    }

    /** The action, if the recipient asked NOTIFY=SUCCESS of a sender that can be told; else {@code null}. */
    private static String successNotice(boolean fromNullSender, EnvelopeRecipient original, String action) {
        return fromNullSender || !original.notifyOn().contains(DsnNotify.SUCCESS) ? null : action;
    }

    private static void log(Delivery d, String status, String result) {
        LOG.info("{}: to=<{}>, channel={}, attempt={}, delay={}s, status={} ({})", d.entry().queueId(),
                d.recipient().address(), d.recipient().channel().orElse("-"), d.attempt(),
                Duration.between(d.entry().created(), Instant.now()).toSeconds(), status, result);
    }

    private static int seq(Delivery delivery) {
        return Integer.parseInt(delivery.deliveryKey().substring(delivery.deliveryKey().lastIndexOf('/') + 1));
    }

    private static String truncate(String text) {
        return text.length() <= 1000 ? text : text.substring(0, 1000);
    }

    /** Removes the entry once every recipient is final and its sender told what it asked to be told. */
    private static void finishIfDone(Connection c, String queueId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM q_rcpt WHERE queue_id = ? AND"
                + " (state IN (" + WAITING + ") OR notified = ?)")) {
            ps.setString(1, queueId);
            ps.setBoolean(2, false);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    return;
                }
            }
        }
        update(c, "DELETE FROM q_rcpt WHERE queue_id = ?", queueId);
        update(c, "DELETE FROM q_tag WHERE queue_id = ?", queueId);
        update(c, "DELETE FROM q_entry WHERE queue_id = ?", queueId);
        LOG.info("{}: removed", queueId);
    }

    /** Runs a query and returns its first column's values. */
    private static List<String> firstColumn(PreparedStatement ps) throws SQLException {
        List<String> values = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    private static void update(Connection c, String sql, String... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            ps.executeUpdate();
        }
    }

    // ----- operators

    @Override
    public List<QueueEntry> list(boolean heldOnly, int offset, int limit) {
        return listing("SELECT queue_id FROM q_entry" + (heldOnly ? " WHERE held = ?" : "")
                + " ORDER BY created_at, queue_id", offset, limit, ps -> {
                    if (heldOnly) {
                        ps.setBoolean(1, true);
                    }
                });
    }

    @Override
    public List<QueueEntry> listForDomain(DomainName domain, int offset, int limit) {
        return listing("SELECT e.queue_id FROM q_entry e WHERE EXISTS (SELECT 1 FROM q_rcpt r WHERE r.queue_id ="
                + " e.queue_id AND r.address LIKE ? AND r.state IN (" + WAITING + ")) ORDER BY e.created_at, e.queue_id",
                offset, limit, ps -> ps.setString(1, "%@" + domain.ascii()));
    }

    /** The states of recipients not yet final. */
    private static final String WAITING = "'NEW', 'QUEUED', 'IN_DELIVERY', 'HELD'";
    /** The states of final recipients. */
    private static final String FINAL = "'DELIVERED', 'BOUNCED', 'EXPIRED'";

    /** A parameter setter of a listing query. */
    @FunctionalInterface
    private interface Parameters {
        void set(PreparedStatement ps) throws SQLException;
    }

    /** Loads the entries a query of queue ids names, one page of them. */
    private List<QueueEntry> listing(String query, int offset, int limit, Parameters parameters) {
        return unchecked("cannot list the queue", c -> {
            List<String> ids;
            try (PreparedStatement ps = c.prepareStatement(query + " OFFSET " + Math.max(0, offset)
                    + " ROWS FETCH NEXT " + Math.max(1, limit) + " ROWS ONLY")) {
                parameters.set(ps);
                ids = firstColumn(ps);
            }
            List<QueueEntry> entries = new ArrayList<>();
            for (String id : ids) {
                load(c, id).ifPresent(entries::add);
            }
            return entries;
        });
    }

    @Override
    public Map<DomainName, Long> waitingByDomain(int max) {
        Map<DomainName, Long> counts = unchecked("cannot count the queue by domain", c -> {
            Map<DomainName, Long> all = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT address FROM q_rcpt WHERE state IN (" + WAITING + ")");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String address = rs.getString(1);
                    all.merge(DomainName.parse(address.substring(address.lastIndexOf('@') + 1)), 1L, Long::sum);
                }
            }
            return all;
        });
        Map<DomainName, Long> top = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<DomainName, Long>comparingByValue().reversed()
                .thenComparing(Map.Entry.comparingByKey())).limit(Math.max(1, max))
                .forEach(e -> top.put(e.getKey(), e.getValue()));
        return top;
    }

    @Override
    public long waitingFor(DomainName domain) {
        return unchecked("cannot count the queue for " + domain, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM q_rcpt WHERE address LIKE ?"
                    + " AND state IN (" + WAITING + ")")) {
                ps.setString(1, "%@" + domain.ascii());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Override
    public QueueStats stats() {
        return unchecked("cannot count the queue", c -> {
            long entries;
            long held;
            Optional<Instant> oldest;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), SUM(CASE WHEN held = ? THEN 1 ELSE 0 END),"
                    + " MIN(created_at) FROM q_entry")) {
                ps.setBoolean(1, true);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    entries = rs.getLong(1);
                    held = rs.getLong(2);
                    oldest = Optional.ofNullable(rs.getTimestamp(3)).map(Timestamp::toInstant);
                }
            }
            Map<RecipientState, Long> recipients = new java.util.EnumMap<>(RecipientState.class);
            try (PreparedStatement ps = c.prepareStatement("SELECT state, COUNT(*) FROM q_rcpt GROUP BY state");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    recipients.put(RecipientState.valueOf(rs.getString(1)), rs.getLong(2));
                }
            }
            return new QueueStats(entries, held, recipients, oldest);
        });
    }

    @Override
    public boolean delete(String queueId) {
        boolean deleted = unchecked("cannot delete " + queueId, c -> {
            update(c, "DELETE FROM q_rcpt WHERE queue_id = ?", queueId);
            update(c, "DELETE FROM q_tag WHERE queue_id = ?", queueId);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM q_entry WHERE queue_id = ?")) {
                ps.setString(1, queueId);
                return ps.executeUpdate() > 0;
            }
        });
        if (deleted) {
            LOG.warn("{}: deleted by the operator", queueId);
        }
        return deleted;
    }

    @Override
    public int flush() {
        int due = makeDue("", null);
        LOG.info("Queue flushed: {} deferred recipient(s) due now", due);
        return due;
    }

    @Override
    public int flush(DomainName domain) {
        int due = makeDue(" AND address LIKE ?", "%@" + domain.ascii());
        LOG.info("Queue flushed for {}: {} deferred recipient(s) due now", domain, due);
        return due;
    }

    /** Makes deferred recipients due now, all or those whose address matches the given pattern. */
    private int makeDue(String condition, String addressPattern) {
        int due = unchecked("cannot flush the queue", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE q_rcpt SET next_attempt = ? WHERE state = ?"
                    + " AND next_attempt > ?" + condition)) {
                Timestamp now = Timestamp.from(clock.instant());
                ps.setTimestamp(1, now);
                ps.setString(2, RecipientState.QUEUED.name());
                ps.setTimestamp(3, now);
                if (addressPattern != null) {
                    ps.setString(4, addressPattern);
                }
                return ps.executeUpdate();
            }
        });
        signalActivity();
        return due;
    }

    // ----- notifications

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

    /** Entries with final recipients whose sender was not told yet, oldest first. */
    List<Untold> untold(int max) {
        return unchecked("cannot read the recipients to notify", c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT queue_id FROM q_rcpt WHERE notified = ?"
                    + " AND state IN (" + FINAL + ")")) {
                ps.setBoolean(1, false);
                ps.setMaxRows(max);
                ids.addAll(firstColumn(ps));
            }
            List<Untold> result = new ArrayList<>();
            for (String id : ids) {
                Optional<QueueEntry> entry = load(c, id);
                if (entry.isEmpty()) {
                    continue;
                }
                List<UntoldRecipient> recipients = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT seq, success_action FROM q_rcpt"
                        + " WHERE queue_id = ? AND notified = ? AND state IN (" + FINAL + ") ORDER BY seq")) {
                    ps.setString(1, id);
                    ps.setBoolean(2, false);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            recipients.add(new UntoldRecipient(rs.getInt(1), entry.get().recipients().get(rs.getInt(1)),
                                    Optional.ofNullable(rs.getString(2))));
                        }
                    }
                }
                result.add(new Untold(entry.get(), recipients));
            }
            return result;
        });
    }

    /** The policy in force now (the notifier's delay warnings and spam time to live). */
    RetryPolicy policy() {
        return policy.get();
    }

    /** Entries queued before the given time with deferred recipients not yet warned about. */
    List<Untold> unwarnedDelays(Instant queuedBefore, int max) {
        return unchecked("cannot read delayed recipients", c -> {
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
            for (Map.Entry<String, List<Integer>> e : seqsById.entrySet()) {
                load(c, e.getKey()).ifPresent(entry -> result.add(new Untold(entry, e.getValue().stream()
                        .map(seq -> new UntoldRecipient(seq, entry.recipients().get(seq), Optional.empty())).toList())));
            }
            return result;
        });
    }

    /** Records that the sender was told (or needs no telling) that these recipients are delayed. */
    void markDelayWarned(String queueId, List<Integer> seqs) {
        unchecked("cannot record the delay warning for " + queueId, c -> {
            setTrue(c, "delay_warned", queueId, seqs);
            return null;
        });
    }

    /** Records that the sender was told (or needs no telling) of these recipients; may remove the entry. */
    void markNotified(String queueId, List<Integer> seqs) {
        unchecked("cannot record the notification for " + queueId, c -> {
            setTrue(c, "notified", queueId, seqs);
            finishIfDone(c, queueId);
            return null;
        });
    }

    /** Sets one of the recipients' flag columns (a name of this class's own) in one batch. */
    private static void setTrue(Connection c, String column, String queueId, List<Integer> seqs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE q_rcpt SET " + column + " = ? WHERE queue_id = ? AND seq = ?")) {
            for (int seq : seqs) {
                ps.setBoolean(1, true);
                ps.setString(2, queueId);
                ps.setInt(3, seq);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    // ----- blobs

    @Override
    public Set<BlobId> held(Collection<BlobId> candidates) {
        try {
            return BlobReferences.in(dataSource, "q_entry", candidates);
        } catch (SQLException e) {
            // fail safe: when the queue cannot answer, every candidate counts as held
            LOG.warn("Cannot tell which blobs the queue holds, keeping all {} candidates: {}", candidates.size(),
                    e.getMessage());
            return Set.copyOf(candidates);
        }
    }
}
