package org.iems.store.internal.mailbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.iems.api.mail.MailAddress;
import org.iems.api.store.MailboxRole;
import org.iems.api.store.NoSuchMailboxException;

/**
 * The mailbox rows every part of the store works with: names, lookups, creation, and the
 * counters (UID, MODSEQ) whose update takes the mailbox row's lock. Lock order of the store:
 * every transaction that changes a mailbox's messages takes its row first ({@link #takeModSeq}
 * or {@link #nextUid}), then messages, then the account's usage row.
 */
final class MailboxRows {

    /** The st_mailbox.name column's size. */
    static final int MAX_NAME = 500;

    private final Clock clock;
    private final AtomicLong lastUidValidity = new AtomicLong();

    MailboxRows(Clock clock) {
        this.clock = clock;
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

    static Optional<MailboxRole> roleOf(String canonical) {
        for (MailboxRole role : MailboxRole.values()) {
            String name = role == MailboxRole.INBOX ? "INBOX"
                    : role.name().charAt(0) + role.name().substring(1).toLowerCase(Locale.ROOT);
            if (name.equals(canonical)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }

    static Optional<Long> findMailbox(Connection c, MailAddress account, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM st_mailbox WHERE account_key = ? AND name = ?")) {
            ps.setString(1, account.key());
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    /** The mailbox's id; special-use mailboxes are created on first use. */
    long mailboxId(Connection c, MailAddress account, String name) throws SQLException, NoSuchMailboxException {
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

    void insertMailbox(Connection c, MailAddress account, String canonical, Optional<MailboxRole> role)
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
    long nextUidValidity(Instant now) {
        return lastUidValidity.updateAndGet(last -> Math.max(last + 1, now.getEpochSecond()));
    }

    void createParents(Connection c, MailAddress account, String canonical) throws SQLException {
        int slash = -1;
        while ((slash = canonical.indexOf('/', slash + 1)) >= 0) {
            String parent = canonical.substring(0, slash);
            if (findMailbox(c, account, parent).isEmpty()) {
                insertMailbox(c, account, parent, roleOf(parent));
            }
        }
    }

    /** The names under a mailbox, with their ids. */
    static Map<String, Long> inferiors(Connection c, MailAddress account, String canonical)
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

    /**
     * Raises the mailbox's HIGHESTMODSEQ and returns it; the update holds the mailbox row until
     * commit. Every transaction that changes a mailbox's messages starts with this (or with
     * {@link #nextUid}), before it touches messages or the account's usage: one lock order, so
     * concurrent sessions wait for each other but never deadlock.
     */
    /** A mailbox's object id (RFC 8474 MAILBOXID) from its row id, which RENAME keeps and no other mailbox gets. */
    static String objectId(long mailboxId) {
        return "M" + mailboxId;
    }

    static long takeModSeq(Connection c, long mailboxId) throws SQLException {
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
    static void giveBackModSeq(Connection c, long mailboxId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE st_mailbox SET highest_modseq = highest_modseq - 1 WHERE id = ?")) {
            ps.setLong(1, mailboxId);
            ps.executeUpdate();
        }
    }

    /** Takes the next UID and MODSEQ and counts the message; the update locks the mailbox row until commit. */
    static long[] nextUid(Connection c, long mailboxId) throws SQLException {
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
}
