package org.iems.store.internal.mailbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import javax.sql.DataSource;
import org.iems.api.blob.BlobHolder;
import org.iems.api.blob.BlobId;
import org.iems.api.mail.MailAddress;
import org.iems.api.storage.BlobReferences;
import org.iems.api.storage.Transactions;
import org.iems.api.store.FlagChange;
import org.iems.api.store.FlagUpdate;
import org.iems.api.store.MailboxExistsException;
import org.iems.api.store.MailboxRole;
import org.iems.api.store.MailboxStatus;
import org.iems.api.store.MailboxUsage;
import org.iems.api.store.MessageStore;
import org.iems.api.store.NoSuchMailboxException;
import org.iems.api.store.QuotaExceededException;
import org.iems.api.store.SharedMailbox;
import org.iems.api.store.StoredMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mailboxes and messages in the database; bodies are shared blobs. An append is one transaction
 * that checks the delivery key (so a retried delivery is stored once), raises the account's usage
 * only if the quota allows (a conditional update, so concurrent deliveries keep usage exact),
 * takes the next UID and MODSEQ under the mailbox row's lock, and inserts the message. Every
 * transaction takes its locks in one order: the mailbox row, then its messages, then the account's
 * usage row.
 */
public final class JdbcMessageStore implements MessageStore, BlobHolder {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcMessageStore.class);
    /** The st_mailbox.name column's size. */
    private static final int MAX_NAME = 500;

    private final DataSource dataSource;
    private final Transactions transactions;
    private final Function<MailAddress, Quota> quotas;
    private final Clock clock;
    private final MailboxWatchers watchers = new MailboxWatchers();
    private final AtomicLong lastUidValidity = new AtomicLong();

    /**
     * @param quotas the limits of an account (from the directory)
     */
    public JdbcMessageStore(DataSource dataSource, Function<MailAddress, Quota> quotas, Clock clock) {
        this.dataSource = dataSource;
        this.transactions = Transactions.retryingDuplicateKeys(dataSource, "store");
        this.quotas = quotas;
        this.clock = clock;
    }

    @Override
    public long append(MailAddress account, String mailbox, String deliveryHeaders, BlobId body, long bodySize,
            Set<String> flags, Instant internalDate, String deliveryKey) throws QuotaExceededException, IOException {
        Quota quota = quotas.apply(account);
        long size = bodySize + deliveryHeaders.getBytes(StandardCharsets.UTF_8).length;
        long uid;
        try {
            uid = transaction("store the message for " + account, c -> append(c, account, mailbox, deliveryHeaders,
                    body, size, flags, internalDate, deliveryKey, quota));
        } catch (QuotaRefusal e) {
            throw e.refusal;
        }
        watchers.changed(account, canonicalName(mailbox));
        return uid;
    }

    /** Carries a quota refusal out of a transaction (rolled back) to the caller. */
    private static final class QuotaRefusal extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient QuotaExceededException refusal;

        QuotaRefusal(QuotaExceededException refusal) {
            super(refusal.getMessage());
            this.refusal = refusal;
        }
    }

    /** The transactions' retry counters, to publish. */
    public Transactions transactions() {
        return transactions;
    }

    /**
     * Runs the work in one transaction of the house's {@link Transactions}: again when it met a
     * concurrent one (a unique key taken meanwhile: the work looks before it inserts).
     */
    private <T> T transaction(String what, Transactions.Work<T, IOException> work) throws IOException {
        try {
            return transactions.run(work);
        } catch (SQLException e) {
            throw new IOException("cannot " + what + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<Long> copy(MailAddress account, String mailbox, List<StoredMessage> messages)
            throws QuotaExceededException, IOException {
        if (messages.isEmpty()) {
            return List.of();
        }
        Quota quota = quotas.apply(account);
        List<Long> uids;
        try {
            uids = transaction("copy " + messages.size() + " messages for " + account, c -> {
                List<Long> copied = new ArrayList<>();
                for (StoredMessage m : messages) {
                    copied.add(append(c, account, mailbox, m.deliveryHeaders(), m.body(), m.size(), m.flags(),
                            m.internalDate(), null, quota));
                }
                return copied;
            });
        } catch (QuotaRefusal e) {
            throw e.refusal;
        }
        watchers.changed(account, canonicalName(mailbox));
        return uids;
    }

    /** Appends in a transaction; {@code size} counts the delivery header fields and the blob. */
    private long append(Connection c, MailAddress account, String mailbox, String deliveryHeaders, BlobId body,
            long size, Set<String> flags, Instant internalDate, String deliveryKey, Quota quota)
            throws SQLException, IOException {
        if (deliveryKey != null) {
            Optional<Long> earlier = deliveredUid(c, deliveryKey);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        long mailboxId = mailboxId(c, account, mailbox);
        long[] uidAndModseq = nextUid(c, mailboxId);
        try {
            reserveQuota(c, account, size, quota);
        } catch (QuotaExceededException e) {
            throw new QuotaRefusal(e);
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO st_message (mailbox_id, uid, blob_id, size,"
                + " internal_date, modseq, flags, delivery_headers) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, mailboxId);
            ps.setLong(2, uidAndModseq[0]);
            ps.setString(3, body.hex());
            ps.setLong(4, size);
            ps.setTimestamp(5, Timestamp.from(internalDate));
            ps.setLong(6, uidAndModseq[1]);
            ps.setString(7, Flags.format(Flags.of(flags)));
            ps.setString(8, deliveryHeaders.isEmpty() ? null : deliveryHeaders);
            ps.executeUpdate();
        }
        if (deliveryKey != null) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO st_delivery (delivery_key, mailbox_id, uid, delivered_at) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, deliveryKey);
                ps.setLong(2, mailboxId);
                ps.setLong(3, uidAndModseq[0]);
                ps.setTimestamp(4, Timestamp.from(clock.instant()));
                ps.executeUpdate();
            }
        }
        return uidAndModseq[0];
    }

    private static Optional<Long> deliveredUid(Connection c, String deliveryKey) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT uid FROM st_delivery WHERE delivery_key = ?")) {
            ps.setString(1, deliveryKey);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    @Override
    public List<StoredMessage> messages(MailAddress account, String mailbox, long fromUid, int max) throws IOException {
        return select(account, mailbox, "uid >= ?", " ORDER BY uid", fromUid, max);
    }

    @Override
    public List<StoredMessage> changedSince(MailAddress account, String mailbox, long modSeq) throws IOException {
        // sorted here: ORDER BY uid would lead Derby to walk the primary key over the whole mailbox
        // instead of the MODSEQ index over the few changed rows
        List<StoredMessage> changed = new ArrayList<>(select(account, mailbox, "modseq > ?", "", modSeq,
                Integer.MAX_VALUE));
        changed.sort(Comparator.comparingLong(StoredMessage::uid));
        return changed;
    }

    private List<StoredMessage> select(MailAddress account, String mailbox, String condition, String order, long value,
            int max) throws IOException {
        try (Connection c = dataSource.getConnection()) {
            Optional<Long> id = findMailbox(c, account, canonicalName(mailbox));
            if (id.isEmpty()) {
                return List.of();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT uid, blob_id, size, internal_date, flags, modseq,"
                    + " delivery_headers FROM st_message WHERE mailbox_id = ? AND " + condition + order)) {
                ps.setLong(1, id.get());
                ps.setLong(2, value);
                ps.setMaxRows(max);
                List<StoredMessage> messages = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        messages.add(message(rs));
                    }
                }
                return messages;
            }
        } catch (SQLException e) {
            throw new IOException("cannot list " + mailbox + " of " + account + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<MailboxStatus> status(MailAddress account, String mailbox) throws IOException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT uid_validity, uid_next, highest_modseq, message_count"
                        + " FROM st_mailbox WHERE account_key = ? AND name = ?")) {
            ps.setString(1, account.key());
            ps.setString(2, canonicalName(mailbox));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new MailboxStatus(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IOException("cannot read the status of " + mailbox + " of " + account + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<Long> expunge(MailAddress account, String mailbox, Collection<Long> uids) throws IOException {
        if (uids.isEmpty()) {
            return List.of();
        }
        String canonical = canonicalName(mailbox);
        List<Long> removed = transaction("expunge from " + canonical + " of " + account, c -> {
            Optional<Long> id = findMailbox(c, account, canonical);
            if (id.isEmpty()) {
                return List.of();
            }
            takeModSeq(c, id.get()); // the mailbox row first, as in every transaction here
            List<Long> gone = new ArrayList<>();
            long bytes = 0;
            for (StoredMessage m : messagesAmong(c, id.get(), new TreeSet<>(uids))) {
                if (deleteMessage(c, id.get(), m.uid())) {
                    gone.add(m.uid());
                    bytes += m.size();
                }
            }
            if (gone.isEmpty()) {
                giveBackModSeq(c, id.get());
                return gone;
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE st_mailbox SET message_count = message_count - ? WHERE id = ?")) {
                ps.setLong(1, gone.size());
                ps.setLong(2, id.get());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE st_usage SET bytes = bytes - ?,"
                    + " messages = messages - ? WHERE account_key = ?")) {
                ps.setLong(1, bytes);
                ps.setLong(2, gone.size());
                ps.setString(3, account.key());
                ps.executeUpdate();
            }
            return gone;
        });
        if (!removed.isEmpty()) {
            watchers.changed(account, canonical);
        }
        return removed;
    }

    @Override
    public FlagUpdate updateFlags(MailAddress account, String mailbox, Collection<Long> uids, FlagChange change,
            Set<String> flags, OptionalLong unchangedSince) throws IOException {
        Set<String> given = Flags.of(flags);
        String canonical = canonicalName(mailbox);
        FlagUpdate update = transaction("change flags in " + canonical + " of " + account, c -> {
            Optional<Long> id = findMailbox(c, account, canonical);
            if (id.isEmpty()) {
                throw new NoSuchMailboxException("no mailbox " + canonical + " for " + account);
            }
            long modSeq = takeModSeq(c, id.get());
            List<StoredMessage> changed = new ArrayList<>();
            List<Long> modified = new ArrayList<>();
            try (PreparedStatement setFlags = c.prepareStatement(
                    "UPDATE st_message SET flags = ?, modseq = ? WHERE mailbox_id = ? AND uid = ?")) {
                for (StoredMessage current : messagesAmong(c, id.get(), new TreeSet<>(uids))) {
                    if (unchangedSince.isPresent() && current.modSeq() > unchangedSince.getAsLong()) {
                        modified.add(current.uid());
                        continue;
                    }
                    Set<String> now = Flags.of(current.flags());
                    Set<String> next = apply(change, now, given);
                    if (!Flags.same(next, now)) {
                        setFlags.setString(1, Flags.format(next));
                        setFlags.setLong(2, modSeq);
                        setFlags.setLong(3, id.get());
                        setFlags.setLong(4, current.uid());
                        setFlags.addBatch();
                        changed.add(new StoredMessage(current.uid(), current.body(), current.size(),
                                current.internalDate(), next, modSeq, current.deliveryHeaders()));
                    }
                }
                if (!changed.isEmpty()) {
                    setFlags.executeBatch();
                }
            }
            if (changed.isEmpty()) {
                giveBackModSeq(c, id.get());
            }
            return new FlagUpdate(changed, modified);
        });
        if (!update.changed().isEmpty()) {
            watchers.changed(account, canonical);
        }
        return update;
    }

    private static Set<String> apply(FlagChange change, Set<String> current, Set<String> given) {
        Set<String> next = Flags.newSet();
        switch (change) {
            case ADD -> {
                next.addAll(current);
                next.addAll(given);
            }
            case REMOVE -> {
                next.addAll(current);
                next.removeAll(given);
            }
            case REPLACE -> next.addAll(given);
        }
        return next;
    }

    /** The messages with the given UIDs, in UID order, read in one statement over their range. */
    private static List<StoredMessage> messagesAmong(Connection c, long mailboxId, TreeSet<Long> uids)
            throws SQLException {
        if (uids.isEmpty()) {
            return List.of();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT uid, blob_id, size, internal_date, flags, modseq,"
                + " delivery_headers FROM st_message WHERE mailbox_id = ? AND uid BETWEEN ? AND ? ORDER BY uid")) {
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

    /**
     * Raises the mailbox's HIGHESTMODSEQ and returns it; the update holds the mailbox row until
     * commit. Every transaction that changes a mailbox's messages starts with this (or with
     * {@link #nextUid}), before it touches messages or the account's usage: one lock order, so
     * concurrent sessions wait for each other but never deadlock.
     */
    private static long takeModSeq(Connection c, long mailboxId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE st_mailbox SET highest_modseq = highest_modseq + 1 WHERE id = ?")) {
            ps.setLong(1, mailboxId);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT highest_modseq FROM st_mailbox WHERE id = ?")) {
            ps.setLong(1, mailboxId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Undoes {@link #takeModSeq} when nothing changed (the row is still held). */
    private static void giveBackModSeq(Connection c, long mailboxId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE st_mailbox SET highest_modseq = highest_modseq - 1 WHERE id = ?")) {
            ps.setLong(1, mailboxId);
            ps.executeUpdate();
        }
    }

    /** A message from a row of (uid, blob_id, size, internal_date, flags, modseq, delivery_headers). */
    private static StoredMessage message(ResultSet rs) throws SQLException {
        return new StoredMessage(rs.getLong(1), new BlobId(rs.getString(2).strip()), rs.getLong(3),
                rs.getTimestamp(4).toInstant(), Flags.parse(rs.getString(5)), rs.getLong(6), rs.getString(7));
    }

    /**
     * Removes delivery keys older than the retention. A key only matters while the queue may
     * retry that delivery (its completion lost in a crash: retried once the claim's lease ends),
     * so days of retention are ample; a key removed earlier would let such a retry store twice.
     *
     * @param retention how long a key is kept
     * @return how many keys were removed
     * @throws IOException on a storage failure
     */
    public int pruneDeliveryKeys(Duration retention) throws IOException {
        Instant cutoff = clock.instant().minus(retention);
        return transaction("remove old delivery keys", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM st_delivery WHERE delivered_at < ?")) {
                ps.setTimestamp(1, Timestamp.from(cutoff));
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public AutoCloseable watch(MailAddress account, String mailbox, Runnable listener) {
        return watchers.add(account, canonicalName(mailbox), listener);
    }

    /** Deletes one message row; false if a concurrent expunge took it first. */
    private static boolean deleteMessage(Connection c, long mailboxId, long uid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM st_message WHERE mailbox_id = ? AND uid = ?")) {
            ps.setLong(1, mailboxId);
            ps.setLong(2, uid);
            return ps.executeUpdate() == 1;
        }
    }

    @Override
    public void createMailbox(MailAddress account, String name) throws IOException {
        String canonical = validName(name);
        // a concurrent create of the same name makes this run again, and find it
        transaction("create " + canonical + " for " + account, c -> {
            if (findMailbox(c, account, canonical).isPresent()) {
                throw new MailboxExistsException("mailbox " + canonical + " of " + account + " exists");
            }
            createParents(c, account, canonical);
            insertMailbox(c, account, canonical, roleOf(canonical));
            return null;
        });
    }

    /**
     * A name the store takes: not empty, not too long, no empty level, no {@code .} or {@code ..}
     * level (names must never read as paths), no control character (NUL included, which a client
     * can send as modified UTF-7 {@code &AAA-}). The reasons never quote the name: it may hold the
     * very bytes that must not reach a protocol reply.
     */
    static String validName(String name) {
        String canonical = canonicalName(name);
        if (canonical.isEmpty() || canonical.length() > MAX_NAME) {
            throw new IllegalArgumentException("a mailbox name must have 1 to " + MAX_NAME + " characters");
        }
        if (canonical.codePoints().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("a mailbox name must not contain control characters");
        }
        for (String level : canonical.split("/", -1)) {
            if (level.isEmpty() || level.equals(".") || level.equals("..")) {
                throw new IllegalArgumentException("a mailbox name must not have empty, '.' or '..' levels");
            }
        }
        return canonical;
    }

    private void createParents(Connection c, MailAddress account, String canonical) throws SQLException {
        int slash = -1;
        while ((slash = canonical.indexOf('/', slash + 1)) >= 0) {
            String parent = canonical.substring(0, slash);
            if (findMailbox(c, account, parent).isEmpty()) {
                insertMailbox(c, account, parent, roleOf(parent));
            }
        }
    }

    /** The names under a mailbox, with their ids. */
    private static Map<String, Long> inferiors(Connection c, MailAddress account, String canonical)
            throws SQLException {
        String pattern = canonical.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "/%";
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT name, id FROM st_mailbox WHERE account_key = ? AND name LIKE ? ESCAPE '\\'")) {
            ps.setString(1, account.key());
            ps.setString(2, pattern);
            Map<String, Long> names = new TreeMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.put(rs.getString(1), rs.getLong(2));
                }
            }
            return names;
        }
    }

    @Override
    public void deleteMailbox(MailAddress account, String name) throws IOException {
        String canonical = canonicalName(name);
        if (canonical.equals("INBOX")) {
            throw new IllegalArgumentException("INBOX cannot be deleted");
        }
        transaction("delete " + canonical + " of " + account, c -> {
            long id = findMailbox(c, account, canonical)
                    .orElseThrow(() -> new NoSuchMailboxException("no mailbox " + canonical + " for " + account));
            takeModSeq(c, id); // the mailbox row first, as in every transaction here
            if (!inferiors(c, account, canonical).isEmpty()) {
                throw new IllegalArgumentException(canonical + " has mailboxes under it; delete those first");
            }
            long[] held = new long[2];
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM st_message WHERE mailbox_id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    held[0] = rs.getLong(1);
                    held[1] = rs.getLong(2);
                }
            }
            for (String sql : List.of("DELETE FROM st_message WHERE mailbox_id = ?",
                    "DELETE FROM st_delivery WHERE mailbox_id = ?", "DELETE FROM st_acl WHERE mailbox_id = ?",
                    "DELETE FROM st_mailbox WHERE id = ?")) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setLong(1, id);
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE st_usage SET bytes = bytes - ?,"
                    + " messages = messages - ? WHERE account_key = ?")) {
                ps.setLong(1, held[1]);
                ps.setLong(2, held[0]);
                ps.setString(3, account.key());
                ps.executeUpdate();
            }
            return null;
        });
        watchers.changed(account, canonical);
    }

    @Override
    public void renameMailbox(MailAddress account, String from, String to) throws IOException {
        String source = canonicalName(from);
        String target = validName(to);
        if (target.startsWith(source + "/") || target.equals(source)) {
            throw new IllegalArgumentException("cannot rename " + source + " to " + target);
        }
        transaction("rename " + source + " of " + account + " to " + target, c -> {
            long id = findMailbox(c, account, source)
                    .orElseThrow(() -> new NoSuchMailboxException("no mailbox " + source + " for " + account));
            if (findMailbox(c, account, target).isPresent()) {
                throw new MailboxExistsException("mailbox " + target + " of " + account + " exists");
            }
            createParents(c, account, target);
            if (source.equals("INBOX")) {
                moveInboxTo(c, account, id, target);
                return null;
            }
            Map<String, Long> renamed = new TreeMap<>(inferiors(c, account, source));
            renamed.put(source, id);
            for (Map.Entry<String, Long> e : renamed.entrySet()) {
                String newName = target + e.getKey().substring(source.length());
                if (newName.length() > MAX_NAME) {
                    throw new IllegalArgumentException("the new name of " + e.getKey() + " would be too long");
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE st_mailbox SET name = ?, role = ? WHERE id = ?")) {
                    ps.setString(1, newName);
                    ps.setString(2, roleOf(newName).map(Enum::name).orElse(null));
                    ps.setLong(3, e.getValue());
                    ps.executeUpdate();
                }
            }
            return null;
        });
        watchers.changed(account, source);
    }

    /** RFC 3501 RENAME of INBOX: its messages move to a new mailbox; INBOX stays, empty. */
    private void moveInboxTo(Connection c, MailAddress account, long inboxId, String target) throws SQLException {
        takeModSeq(c, inboxId); // the mailbox row first, as in every transaction here
        insertMailbox(c, account, target, roleOf(target));
        long targetId = findMailbox(c, account, target).orElseThrow();
        try (PreparedStatement ps = c.prepareStatement("UPDATE st_mailbox SET uid_next = (SELECT uid_next FROM"
                + " st_mailbox WHERE id = ?), highest_modseq = (SELECT highest_modseq FROM st_mailbox WHERE id = ?),"
                + " message_count = (SELECT message_count FROM st_mailbox WHERE id = ?) WHERE id = ?")) {
            ps.setLong(1, inboxId);
            ps.setLong(2, inboxId);
            ps.setLong(3, inboxId);
            ps.setLong(4, targetId);
            ps.executeUpdate();
        }
        for (String sql : List.of("UPDATE st_message SET mailbox_id = ? WHERE mailbox_id = ?",
                "UPDATE st_delivery SET mailbox_id = ? WHERE mailbox_id = ?")) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, targetId);
                ps.setLong(2, inboxId);
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE st_mailbox SET message_count = 0 WHERE id = ?")) {
            ps.setLong(1, inboxId);
            ps.executeUpdate();
        }
    }

    @Override
    public void subscribe(MailAddress account, String name, boolean subscribed) throws IOException {
        String canonical = validName(name);
        transaction((subscribed ? "subscribe " : "unsubscribe ") + account + " to " + canonical, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM st_subscription WHERE account_key = ? AND name = ?")) {
                ps.setString(1, account.key());
                ps.setString(2, canonical);
                ps.executeUpdate();
            }
            if (subscribed) {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO st_subscription (account_key, name) VALUES (?, ?)")) {
                    ps.setString(1, account.key());
                    ps.setString(2, canonical);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    /** The rights of RFC 4314 section 2.1, in its order. */
    private static final String RIGHTS = "lrswipkxtea";

    @Override
    public void setRights(MailAddress owner, String mailbox, String identifier, String rights) throws IOException {
        String canonical = canonicalName(mailbox);
        StringBuilder normalized = new StringBuilder();
        for (char r : RIGHTS.toCharArray()) {
            if (rights.indexOf(r) >= 0) {
                normalized.append(r);
            }
        }
        if (normalized.length() != rights.chars().distinct().count()) {
            throw new IllegalArgumentException("rights must be letters of " + RIGHTS + ": " + rights);
        }
        transaction("set the rights of " + identifier + " on " + canonical + " of " + owner, c -> {
            long id = findMailbox(c, owner, canonical)
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

    @Override
    public SortedMap<String, String> rights(MailAddress owner, String mailbox) throws IOException {
        String canonical = canonicalName(mailbox);
        try (Connection c = dataSource.getConnection()) {
            long id = findMailbox(c, owner, canonical)
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

    @Override
    public List<SharedMailbox> sharedWith(MailAddress account) throws IOException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT m.account_key, m.name, a.rights FROM st_acl a"
                        + " JOIN st_mailbox m ON m.id = a.mailbox_id WHERE a.grantee IN (?, ?) AND m.account_key <> ?"
                        + " ORDER BY m.account_key, m.name")) {
            ps.setString(1, account.key());
            ps.setString(2, ANYONE);
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

    @Override
    public List<String> subscriptions(MailAddress account) throws IOException {
        return names("SELECT name FROM st_subscription WHERE account_key = ? ORDER BY name", account, "subscriptions");
    }

    private List<String> names(String sql, MailAddress account, String what) throws IOException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, account.key());
            List<String> names = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        } catch (SQLException e) {
            throw new IOException("cannot list the " + what + " of " + account + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> mailboxes(MailAddress account) throws IOException {
        return names("SELECT name FROM st_mailbox WHERE account_key = ? ORDER BY name", account, "mailboxes");
    }

    /** The mailbox's id; special-use mailboxes are created on first use. */
    private long mailboxId(Connection c, MailAddress account, String name) throws SQLException, NoSuchMailboxException {
        String canonical = canonicalName(name);
        Optional<Long> id = findMailbox(c, account, canonical);
        if (id.isPresent()) {
            return id.get();
        }
        Optional<MailboxRole> role = roleOf(canonical);
        if (role.isEmpty()) {
            throw new NoSuchMailboxException("no mailbox " + canonical + " for " + account);
        }
        insertMailbox(c, account, canonical, role);
        return findMailbox(c, account, canonical).orElseThrow();
    }

    private void insertMailbox(Connection c, MailAddress account, String canonical, Optional<MailboxRole> role)
            throws SQLException {
        Instant now = clock.instant();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO st_mailbox (account_key, name, role, uid_validity,"
                + " uid_next, highest_modseq, created_at) VALUES (?, ?, ?, ?, 1, 0, ?)")) {
            ps.setString(1, account.key());
            ps.setString(2, canonical);
            ps.setString(3, role.map(Enum::name).orElse(null));
            ps.setLong(4, nextUidValidity(now));
            ps.setTimestamp(5, Timestamp.from(now));
            ps.executeUpdate();
        }
    }

    /**
     * A UIDVALIDITY: the time in seconds, but always more than the last one given here, so a
     * mailbox deleted and created again within a second gets a new one (RFC 3501 section 2.3.1.1).
     */
    private long nextUidValidity(Instant now) {
        return lastUidValidity.updateAndGet(last -> Math.max(last + 1, now.getEpochSecond()));
    }

    /** INBOX is case-insensitive (RFC 3501 section 5.1); other names are kept as given. */
    static String canonicalName(String name) {
        if (name.equalsIgnoreCase("INBOX")) {
            return "INBOX";
        }
        if (name.regionMatches(true, 0, "INBOX/", 0, 6)) {
            return "INBOX" + name.substring(5);
        }
        return name;
    }

    private static Optional<MailboxRole> roleOf(String canonical) {
        for (MailboxRole role : MailboxRole.values()) {
            String name = role == MailboxRole.INBOX ? "INBOX"
                    : role.name().charAt(0) + role.name().substring(1).toLowerCase(Locale.ROOT);
            if (name.equals(canonical)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }

    private static Optional<Long> findMailbox(Connection c, MailAddress account, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM st_mailbox WHERE account_key = ? AND name = ?")) {
            ps.setString(1, account.key());
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    private static void reserveQuota(Connection c, MailAddress account, long size, Quota quota)
            throws SQLException, QuotaExceededException {
        for (int attempt = 0; attempt < 2; attempt++) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE st_usage SET bytes = bytes + ?, messages = messages + 1"
                    + " WHERE account_key = ? AND (? = 0 OR bytes + ? <= ?) AND (? = 0 OR messages + 1 <= ?)")) {
                ps.setLong(1, size);
                ps.setString(2, account.key());
                ps.setLong(3, quota.maxBytes());
                ps.setLong(4, size);
                ps.setLong(5, quota.maxBytes());
                ps.setLong(6, quota.maxMessages());
                ps.setLong(7, quota.maxMessages());
                if (ps.executeUpdate() == 1) {
                    return;
                }
            }
            Optional<long[]> usage = usage(c, account);
            if (usage.isPresent()) {
                throw new QuotaExceededException("quota of " + account + " exceeded: " + usage.get()[0] + " of "
                        + quota.maxBytes() + " bytes, " + usage.get()[1] + " of " + quota.maxMessages()
                        + " messages used; the message has " + size + " bytes");
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO st_usage (account_key, bytes, messages) VALUES (?, 0, 0)")) {
                ps.setString(1, account.key());
                ps.executeUpdate();
            }
        }
        throw new IllegalStateException("quota usage row of " + account + " vanished");
    }

    private static Optional<long[]> usage(Connection c, MailAddress account) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT bytes, messages FROM st_usage WHERE account_key = ?")) {
            ps.setString(1, account.key());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new long[] {rs.getLong(1), rs.getLong(2)}) : Optional.empty();
            }
        }
    }

    /** Takes the next UID and MODSEQ and counts the message; the update locks the mailbox row until commit. */
    private static long[] nextUid(Connection c, long mailboxId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE st_mailbox SET uid_next = uid_next + 1, highest_modseq = highest_modseq + 1,"
                        + " message_count = message_count + 1 WHERE id = ?")) {
            ps.setLong(1, mailboxId);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT uid_next - 1, highest_modseq FROM st_mailbox WHERE id = ?")) {
            ps.setLong(1, mailboxId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        }
    }

    /**
     * The account's usage: bytes and messages stored.
     *
     * @return bytes and messages; zeros for an account without mail
     */
    @Override
    public MailboxUsage usage(MailAddress account) throws IOException {
        try (Connection c = dataSource.getConnection()) {
            long[] usage = usage(c, account).orElse(new long[] {0, 0});
            return new MailboxUsage(usage[0], usage[1]);
        } catch (SQLException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public Set<BlobId> held(Collection<BlobId> candidates) {
        try {
            return BlobReferences.in(dataSource, "st_message", candidates);
        } catch (SQLException e) {
            // fail safe: when the store cannot answer, every candidate counts as held
            LOG.warn("Cannot tell which blobs the store holds, keeping all {} candidates: {}", candidates.size(),
                    e.getMessage());
            return Set.copyOf(candidates);
        }
    }
}
