package org.iems.store.internal.mailbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.iems.api.blob.BlobId;
import org.iems.api.mail.MailAddress;
import org.iems.api.store.FlagChange;
import org.iems.api.store.FlagUpdate;
import org.iems.api.store.MailboxExistsException;
import org.iems.api.store.MailboxStatus;
import org.iems.api.store.MailboxUsage;
import org.iems.api.store.MaildropLock;
import org.iems.api.store.NoSuchMailboxException;
import org.iems.api.store.MessageStore;
import org.iems.api.store.QuotaExceededException;
import org.iems.api.store.SharedMailbox;
import org.iems.api.store.StoredMessage;
import org.iems.api.storage.JdbcSchemaMigrations;
import org.iems.testsupport.SettableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Delivery into the store over a real database: Derby always, PostgreSQL in the postgres profile. */
abstract class MessageStoreContract {

    private static final MailAddress BART = MailAddress.parse("bart@ima.com");
    private static final BlobId BODY = new BlobId("a".repeat(64));
    private static final Instant RECEIVED = Instant.parse("2026-11-23T01:02:03Z");

    private DataSource dataSource;
    private final Map<MailAddress, Quota> quotas = new HashMap<>();
    private JdbcMessageStore store;

    abstract DataSource newDatabase() throws Exception;

    @BeforeEach
    void open() throws Exception {
        dataSource = newDatabase();
        JdbcSchemaMigrations.open(dataSource).migrate(StoreSchema.OWNER, StoreSchema.MIGRATIONS);
        store = new JdbcMessageStore(dataSource, a -> quotas.getOrDefault(a, Quota.UNLIMITED), Clock.systemUTC());
    }

    private long deliver(MailAddress account, long size, String key) throws Exception {
        return store.append(account, "INBOX", BODY, size, Set.of(), RECEIVED, key);
    }

    private long count(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void recentIsTakenOnceAndOnlyUpToWhatTheSessionWasToldOf() throws Exception {
        assertThat(store.claimRecent(BART, "INBOX", 5)).as("no mailbox: nothing recent").isEqualTo(5);
        assertThat(store.recentBoundary(BART, "INBOX")).isZero();
        for (int i = 0; i < 3; i++) {
            deliver(BART, 10, null);
        }
        assertThat(store.recentBoundary(BART, "INBOX")).as("nobody took them yet").isZero();
        assertThat(store.claimRecent(BART, "inbox", 2)).as("the first session takes 1 and 2").isZero();
        assertThat(store.claimRecent(BART, "INBOX", 2)).as("the next session: nothing").isEqualTo(2);
        assertThat(store.claimRecent(BART, "INBOX", 1)).as("never moved down").isEqualTo(2);
        assertThat(store.recentBoundary(BART, "INBOX")).isEqualTo(2);
        assertThat(store.claimRecent(BART, "INBOX", 3)).as("3 is still recent to whoever comes").isEqualTo(2);
        assertThat(store.recentBoundary(BART, "INBOX")).isEqualTo(3);
    }

    @Test
    void sessionsTakingRecentAtOnceNeverShareAMessage() throws Exception {
        for (int i = 0; i < 40; i++) {
            deliver(BART, 10, null);
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<Long>>> taken = new ArrayList<>();
            for (int session = 0; session < 8; session++) {
                taken.add(pool.submit(() -> {
                    List<Long> mine = new ArrayList<>();
                    for (long upTo = 5; upTo <= 40; upTo += 5) {
                        long before = store.claimRecent(BART, "INBOX", upTo);
                        for (long uid = before + 1; uid <= upTo; uid++) {
                            mine.add(uid);
                        }
                    }
                    return mine;
                }));
            }
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> f : taken) {
                all.addAll(f.get());
            }
            all.sort(null);
            assertThat(all).as("each message recent to exactly one session").hasSize(40).doesNotHaveDuplicates()
                    .startsWith(1L).endsWith(40L);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void inboxIsCreatedOnFirstDeliveryAndUidsAscend() throws Exception {
        assertThat(deliver(BART, 10, null)).isEqualTo(1);
        assertThat(deliver(BART, 10, null)).isEqualTo(2);
        assertThat(store.append(BART, "inbox", BODY, 10, Set.of("\\Seen"), RECEIVED, null)).isEqualTo(3);
        assertThat(count("SELECT COUNT(*) FROM st_mailbox")).isEqualTo(1);
        assertThat(count("SELECT MAX(modseq) FROM st_message")).isEqualTo(3);
        assertThat(count("SELECT uid_next FROM st_mailbox")).isEqualTo(4);
    }

    @Test
    void keepsInternalDateFlagsAndBlob() throws Exception {
        store.append(BART, "INBOX", BODY, 42, Set.of("\\Seen", "$Label1"), RECEIVED, null);
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT internal_date, flags, blob_id, size FROM st_message");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            assertThat(rs.getTimestamp(1).toInstant()).isEqualTo(RECEIVED);
            assertThat(rs.getString(2)).isEqualTo("$Label1 \\Seen");
            assertThat(rs.getString(3).strip()).isEqualTo(BODY.hex());
            assertThat(rs.getLong(4)).isEqualTo(42);
        }
    }

    @Test
    void listsMessagesInUidOrderFromAGivenUid() throws Exception {
        assertThat(store.messages(BART, "INBOX", 1, 10)).isEmpty();
        store.append(BART, "INBOX", BODY, 42, Set.of("\\Seen", "$Label1"), RECEIVED, null);
        deliver(BART, 7, null);
        deliver(BART, 8, null);
        assertThat(store.messages(BART, "inbox", 1, 10)).extracting(m -> m.uid()).containsExactly(1L, 2L, 3L);
        assertThat(store.messages(BART, "INBOX", 2, 1)).extracting(m -> m.size()).containsExactly(7L);
        var first = store.messages(BART, "INBOX", 1, 1).get(0);
        assertThat(first.flags()).containsExactlyInAnyOrder("\\Seen", "$Label1");
        assertThat(first.body()).isEqualTo(BODY);
        assertThat(first.internalDate()).isEqualTo(RECEIVED);
    }

    @Test
    void theMigrationCountsTheMessagesOfExistingMailboxes() throws Exception {
        DataSource older = newDatabase();
        JdbcSchemaMigrations migrations = JdbcSchemaMigrations.open(older);
        migrations.migrate(StoreSchema.OWNER, StoreSchema.MIGRATIONS.subList(0, 1));
        try (Connection c = older.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO st_mailbox (account_key, name, role,"
                    + " uid_validity, uid_next, highest_modseq, created_at)"
                    + " VALUES ('old@ima.com', 'INBOX', 'INBOX', 1, 3, 2, CURRENT_TIMESTAMP)")) {
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO st_message (mailbox_id, uid, blob_id, size,"
                    + " internal_date, modseq, flags) SELECT id, ?, ?, 10, CURRENT_TIMESTAMP, ?, '' FROM st_mailbox")) {
                for (int uid = 1; uid <= 2; uid++) {
                    ps.setInt(1, uid);
                    ps.setString(2, BODY.hex());
                    ps.setInt(3, uid);
                    ps.executeUpdate();
                }
            }
        }
        migrations.migrate(StoreSchema.OWNER, StoreSchema.MIGRATIONS);
        JdbcMessageStore migrated = new JdbcMessageStore(older, a -> Quota.UNLIMITED, Clock.systemUTC());
        MailAddress old = MailAddress.parse("old@ima.com");
        assertThat(migrated.status(old, "INBOX").map(MailboxStatus::messages)).isEqualTo(Optional.of(2L));
        migrated.append(old, "INBOX", BODY, 10, Set.of(), RECEIVED, null);
        assertThat(migrated.status(old, "INBOX").map(MailboxStatus::messages)).isEqualTo(Optional.of(3L));
    }

    @Test
    void statusTellsTheCountersOfAMailboxThatExists() throws Exception {
        assertThat(store.status(BART, "INBOX")).isEmpty();
        deliver(BART, 10, null);
        deliver(BART, 20, null);
        MailboxStatus status = store.status(BART, "inbox").orElseThrow();
        assertThat(status.uidNext()).isEqualTo(3);
        assertThat(status.highestModSeq()).isEqualTo(2);
        assertThat(status.messages()).isEqualTo(2);
        assertThat(status.uidValidity()).isPositive();
        assertThat(store.status(BART, "Projects")).isEmpty();
    }

    @Test
    void expungeRemovesOnlyTheGivenMessagesAndLowersUsage() throws Exception {
        for (int i = 1; i <= 4; i++) {
            deliver(BART, 100 * i, null);
        }
        long modSeq = store.status(BART, "INBOX").orElseThrow().highestModSeq();
        assertThat(store.expunge(BART, "INBOX", List.of(3L, 1L, 99L))).containsExactly(1L, 3L);
        assertThat(store.messages(BART, "INBOX", 1, 10)).extracting(m -> m.uid()).containsExactly(2L, 4L);
        assertThat(store.usage(BART)).isEqualTo(new MailboxUsage(600, 2));
        MailboxStatus after = store.status(BART, "INBOX").orElseThrow();
        assertThat(after.messages()).isEqualTo(2);
        assertThat(after.uidNext()).isEqualTo(5);
        assertThat(after.highestModSeq()).isGreaterThan(modSeq);
        assertThat(store.expunge(BART, "INBOX", List.of(1L, 3L))).isEmpty();
        assertThat(store.usage(BART)).isEqualTo(new MailboxUsage(600, 2));
        assertThat(store.expunge(BART, "Nowhere", List.of(2L))).isEmpty();
    }

    @Test
    void expungedUidsAreRememberedWithTheModSeqOfTheirExpungeUntilTheMailboxIsDeleted() throws Exception {
        for (int i = 1; i <= 4; i++) {
            deliver(BART, 10, null);
        }
        long before = store.status(BART, "INBOX").orElseThrow().highestModSeq();
        store.expunge(BART, "INBOX", List.of(2L, 3L));
        long between = store.status(BART, "INBOX").orElseThrow().highestModSeq();
        store.expunge(BART, "INBOX", List.of(4L));
        assertThat(store.expungedSince(BART, "inbox", 0)).containsExactly(2L, 3L, 4L);
        assertThat(store.expungedSince(BART, "INBOX", before)).containsExactly(2L, 3L, 4L);
        assertThat(store.expungedSince(BART, "INBOX", between)).containsExactly(4L);
        assertThat(store.expungedSince(BART, "INBOX", store.status(BART, "INBOX").orElseThrow().highestModSeq()))
                .isEmpty();
        assertThat(store.expungedSince(BART, "Nowhere", 0)).isEmpty();

        store.createMailbox(BART, "Work");
        store.append(BART, "Work", BODY, 10, Set.of(), RECEIVED, null);
        store.expunge(BART, "Work", List.of(1L));
        store.deleteMailbox(BART, "Work");
        store.createMailbox(BART, "Work");
        assertThat(store.expungedSince(BART, "Work", 0)).as("a new mailbox of the old name").isEmpty();
    }

    @Test
    void concurrentExpungesOfTheSameMessagesRemoveThemOnce() throws Exception {
        for (int i = 1; i <= 50; i++) {
            deliver(BART, 10, null);
        }
        List<Long> all = new ArrayList<>();
        for (long uid = 1; uid <= 50; uid++) {
            all.add(uid);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Long>>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit(() -> store.expunge(BART, "INBOX", all)));
            }
            long removed = 0;
            for (Future<List<Long>> result : results) {
                removed += result.get().size();
            }
            assertThat(removed).isEqualTo(50);
        } finally {
            pool.shutdown();
        }
        assertThat(store.usage(BART)).isEqualTo(new MailboxUsage(0, 0));
        assertThat(store.status(BART, "INBOX").map(MailboxStatus::messages)).isEqualTo(Optional.of(0L));
    }

    @Test
    void flagsAreAddedRemovedAndReplacedWithANewModSeqForWhatChanged() throws Exception {
        for (int i = 0; i < 3; i++) {
            deliver(BART, 10, null);
        }
        long before = store.status(BART, "INBOX").orElseThrow().highestModSeq();
        FlagUpdate seen = store.updateFlags(BART, "INBOX", List.of(1L, 2L, 9L), FlagChange.ADD,
                Set.of("\\seen", "$Label1"), OptionalLong.empty());
        assertThat(seen.changed()).extracting(m -> m.uid()).containsExactly(1L, 2L);
        assertThat(seen.changed().get(0).flags()).containsExactlyInAnyOrder("\\Seen", "$Label1");
        long modSeq = seen.changed().get(0).modSeq();
        assertThat(modSeq).isEqualTo(before + 1);
        assertThat(store.status(BART, "INBOX").orElseThrow().highestModSeq()).isEqualTo(modSeq);

        FlagUpdate again = store.updateFlags(BART, "INBOX", List.of(1L), FlagChange.ADD, Set.of("\\Seen"),
                OptionalLong.empty());
        assertThat(again.changed()).as("nothing changed, no new MODSEQ").isEmpty();
        assertThat(store.status(BART, "INBOX").orElseThrow().highestModSeq()).isEqualTo(modSeq);

        store.updateFlags(BART, "INBOX", List.of(1L), FlagChange.REMOVE, Set.of("$label1"), OptionalLong.empty());
        store.updateFlags(BART, "INBOX", List.of(3L), FlagChange.REPLACE, Set.of("\\Flagged", "\\Deleted"),
                OptionalLong.empty());
        var messages = store.messages(BART, "INBOX", 1, 10);
        assertThat(messages.get(0).flags()).containsExactly("\\Seen");
        assertThat(messages.get(1).flags()).containsExactlyInAnyOrder("\\Seen", "$Label1");
        assertThat(messages.get(2).flags()).containsExactlyInAnyOrder("\\Flagged", "\\Deleted");
        assertThat(messages.get(2).modSeq()).isGreaterThan(messages.get(0).modSeq()).isGreaterThan(modSeq);
    }

    @Test
    void unchangedSinceLeavesMessagesChangedLaterAloneAndReportsThem() throws Exception {
        deliver(BART, 10, null);
        deliver(BART, 10, null);
        long first = store.updateFlags(BART, "INBOX", List.of(1L), FlagChange.ADD, Set.of("\\Seen"),
                OptionalLong.empty()).changed().get(0).modSeq();
        store.updateFlags(BART, "INBOX", List.of(2L), FlagChange.ADD, Set.of("\\Seen"), OptionalLong.empty());
        FlagUpdate conditional = store.updateFlags(BART, "INBOX", List.of(1L, 2L), FlagChange.ADD, Set.of("\\Flagged"),
                OptionalLong.of(first));
        assertThat(conditional.changed()).extracting(m -> m.uid()).containsExactly(1L);
        assertThat(conditional.modifiedSince()).containsExactly(2L);
    }

    @Test
    void invalidFlagsAndUnknownMailboxesAreRefused() throws Exception {
        deliver(BART, 10, null);
        for (String bad : List.of("\\Recent", "\\Bogus", "two words", "", "par(en", "quo\"te")) {
            assertThatThrownBy(() -> store.updateFlags(BART, "INBOX", List.of(1L), FlagChange.ADD, Set.of(bad),
                    OptionalLong.empty())).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> store.updateFlags(BART, "INBOX", List.of(1L), FlagChange.ADD,
                Set.of("k".repeat(2001)), OptionalLong.empty())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.updateFlags(BART, "Nowhere", List.of(1L), FlagChange.ADD, Set.of("\\Seen"),
                OptionalLong.empty())).isInstanceOf(NoSuchMailboxException.class);
        assertThat(store.messages(BART, "INBOX", 1, 10).get(0).flags()).isEmpty();
    }

    @Test
    void aMaildropLockHoldsForEveryNodeUntilReleasedOrItsLeaseEnds() throws Exception {
        SettableClock clock = new SettableClock(Instant.parse("2026-12-08T10:00:00Z"));
        JdbcMessageStore nodeA = new JdbcMessageStore(dataSource, a -> Quota.UNLIMITED, clock);
        JdbcMessageStore nodeB = new JdbcMessageStore(dataSource, a -> Quota.UNLIMITED, clock);
        Duration lease = Duration.ofMinutes(10);
        MaildropLock lock = nodeA.lockMaildrop(BART, lease).orElseThrow();
        assertThat(nodeB.lockMaildrop(BART, lease)).as("held on the other node").isEmpty();
        assertThat(nodeA.lockMaildrop(BART, lease)).as("and on this one").isEmpty();
        assertThat(nodeB.lockMaildrop(MailAddress.parse("lisa@ima.com"), lease)).as("another account's").isPresent();
        clock.advance(Duration.ofMinutes(6));
        lock.renew();
        clock.advance(Duration.ofMinutes(6));
        assertThat(nodeB.lockMaildrop(BART, lease)).as("renewed at minute 6, held to minute 16").isEmpty();
        lock.close();
        MaildropLock taken = nodeB.lockMaildrop(BART, lease).orElseThrow();
        clock.advance(Duration.ofMinutes(11));
        MaildropLock takenOver = nodeA.lockMaildrop(BART, lease).orElseThrow();
        taken.close();
        assertThat(nodeB.lockMaildrop(BART, lease)).as("the late release left the new holder's lock alone").isEmpty();
        takenOver.close();
        assertThat(nodeB.lockMaildrop(BART, lease)).isPresent();
    }

    @Test
    void aWatcherHearsOfChangesAnotherNodeMadeAtTheNextPoll() throws Exception {
        JdbcMessageStore otherNode = new JdbcMessageStore(dataSource, a -> Quota.UNLIMITED, Clock.systemUTC());
        List<String> heard = new CopyOnWriteArrayList<>();
        try (AutoCloseable watch = store.watch(BART, "INBOX", () -> heard.add("inbox"))) {
            assertThat(store.pollWatchedMailboxes()).as("first seen: told, in case").isEqualTo(1);
            assertThat(store.pollWatchedMailboxes()).as("nothing new").isZero();
            otherNode.append(BART, "INBOX", BODY, 10, Set.of(), RECEIVED, null);
            assertThat(heard).as("not told in this process").hasSize(1);
            assertThat(store.pollWatchedMailboxes()).isEqualTo(1);
            assertThat(heard).hasSize(2);
            assertThat(store.pollWatchedMailboxes()).as("nothing new").isZero();
            otherNode.updateFlags(BART, "INBOX", List.of(1L), FlagChange.ADD, Set.of("\\Seen"), OptionalLong.empty());
            otherNode.expunge(BART, "INBOX", List.of(1L));
            assertThat(store.pollWatchedMailboxes()).isEqualTo(1);
            assertThat(heard).hasSize(3);
        }
        otherNode.append(BART, "INBOX", BODY, 10, Set.of(), RECEIVED, null);
        assertThat(store.pollWatchedMailboxes()).as("no watcher left").isZero();
        assertThat(heard).hasSize(3);
    }

    @Test
    void watchersHearOfAppendsExpungesAndFlagChangesUntilTheyStop() throws Exception {
        deliver(BART, 10, null);
        List<String> heard = new ArrayList<>();
        AutoCloseable watch = store.watch(BART, "inbox", () -> heard.add("inbox"));
        try (AutoCloseable other = store.watch(MailAddress.parse("lisa@ima.com"), "INBOX", () -> heard.add("lisa"))) {
            deliver(BART, 10, null);
            store.updateFlags(BART, "INBOX", List.of(1L), FlagChange.ADD, Set.of("\\Seen"), OptionalLong.empty());
            store.updateFlags(BART, "INBOX", List.of(1L), FlagChange.ADD, Set.of("\\Seen"), OptionalLong.empty());
            store.expunge(BART, "INBOX", List.of(1L));
            store.expunge(BART, "INBOX", List.of(1L));
            assertThat(heard).as("one per change; none for changes that changed nothing").hasSize(3)
                    .containsOnly("inbox");
            watch.close();
            deliver(BART, 10, null);
            assertThat(heard).hasSize(3);
        }
    }

    @Test
    void createsNestedMailboxesAlsoUnderInboxWithTheirParents() throws Exception {
        store.createMailbox(BART, "Projects/2026/IEMS");
        store.createMailbox(BART, "inbox/Lists");
        store.createMailbox(BART, "Projects/2025");
        assertThat(store.mailboxes(BART)).containsExactly("INBOX", "INBOX/Lists", "Projects", "Projects/2025",
                "Projects/2026", "Projects/2026/IEMS");
        assertThat(store.append(BART, "Projects/2026/IEMS", BODY, 10, Set.of(), RECEIVED, null)).isEqualTo(1);
        assertThat(store.append(BART, "INBOX/Lists", BODY, 10, Set.of(), RECEIVED, null)).isEqualTo(1);
        assertThatThrownBy(() -> store.createMailbox(BART, "Projects/2026")).isInstanceOf(MailboxExistsException.class);
        assertThatThrownBy(() -> store.createMailbox(BART, "a//b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.createMailbox(BART, "")).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.mailboxes(MailAddress.parse("lisa@ima.com"))).isEmpty();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"a\u0000b", "..", "../Shared", "a/../b", "a/.", ".", "tab\there", "bell\u0007",
        "del\u007f", "c1\u0085x", "line\nbreak", "x/", "/x"})
    void namesThatReadAsPathsOrHoldControlsAreRefusedWithoutQuotingThem(String bad) throws Exception {
        assertThatThrownBy(() -> store.createMailbox(BART, bad)).isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContainPattern("\\p{Cntrl}"));
        store.createMailbox(BART, "Valid");
        assertThatThrownBy(() -> store.renameMailbox(BART, "Valid", bad)).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.mailboxes(BART)).containsExactly("Valid");
    }

    @Test
    void dotsInsideANameAreFine() throws Exception {
        store.createMailbox(BART, "v1.2/...more/a..b");
        assertThat(store.mailboxes(BART)).contains("v1.2/...more/a..b");
    }

    @Test
    void deliveryKeysAreKeptForTheRetentionThenRemoved() throws Exception {
        SettableClock clock = new SettableClock(Instant.parse("2026-11-23T10:00:00Z"));
        JdbcMessageStore timed = new JdbcMessageStore(dataSource, a -> Quota.UNLIMITED, clock);
        timed.append(BART, "INBOX", BODY, 10, Set.of(), RECEIVED, "Q1/bart@ima.com");
        clock.advance(Duration.ofDays(2));
        timed.append(BART, "INBOX", BODY, 10, Set.of(), RECEIVED, "Q2/bart@ima.com");
        clock.advance(Duration.ofDays(6));
        assertThat(timed.pruneDeliveryKeys(Duration.ofDays(7))).isEqualTo(1);
        assertThat(timed.append(BART, "INBOX", BODY, 10, Set.of(), RECEIVED, "Q2/bart@ima.com"))
                .as("the younger key still guards its delivery").isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM st_delivery")).isEqualTo(1);
        assertThat(store.messages(BART, "INBOX", 1, 10)).hasSize(2);
    }

    @Test
    void aRetriedDeliveryIsStoredOnce() throws Exception {
        long first = deliver(BART, 100, "Q1/bart@ima.com");
        long again = deliver(BART, 100, "Q1/bart@ima.com");
        assertThat(again).isEqualTo(first);
        assertThat(count("SELECT COUNT(*) FROM st_message")).isEqualTo(1);
        assertThat(store.usage(BART)).isEqualTo(new MailboxUsage(100, 1));
    }

    @Test
    void specialUseMailboxesAppearOnFirstUseOthersMustExist() throws Exception {
        assertThat(store.append(BART, "Sent", BODY, 1, Set.of("\\Seen"), RECEIVED, null)).isEqualTo(1);
        assertThat(store.append(BART, "Junk", BODY, 1, Set.of(), RECEIVED, null)).isEqualTo(1);
        assertThatThrownBy(() -> store.append(BART, "Projects", BODY, 1, Set.of(), RECEIVED, null))
                .isInstanceOf(NoSuchMailboxException.class).hasMessage("no mailbox Projects for bart@ima.com");
    }

    @Test
    void quotaInBytesIsEnforced() throws Exception {
        quotas.put(BART, new Quota(100, 0));
        deliver(BART, 60, null);
        assertThatThrownBy(() -> deliver(BART, 50, null)).isInstanceOf(QuotaExceededException.class)
                .hasMessageContaining("60 of 100 bytes");
        deliver(BART, 40, null);
        assertThat(store.usage(BART)).isEqualTo(new MailboxUsage(100, 2));
        assertThat(count("SELECT COUNT(*) FROM st_message")).isEqualTo(2);
    }

    @Test
    void quotaInMessagesIsEnforced() throws Exception {
        quotas.put(BART, new Quota(0, 2));
        deliver(BART, 1, null);
        deliver(BART, 1, null);
        assertThatThrownBy(() -> deliver(BART, 1, null)).isInstanceOf(QuotaExceededException.class);
    }

    @Test
    void concurrentDeliveriesKeepUsageAndUidsExact() throws Exception {
        quotas.put(BART, new Quota(0, 150));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Long>> results = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            results.add(pool.submit(() -> {
                try {
                    return deliver(BART, 10, null);
                } catch (QuotaExceededException e) {
                    return -1L;
                }
            }));
        }
        List<Long> uids = new ArrayList<>();
        for (Future<Long> f : results) {
            long uid = f.get();
            if (uid > 0) {
                uids.add(uid);
            }
        }
        pool.shutdown();
        assertThat(uids).hasSize(150).doesNotHaveDuplicates();
        assertThat(store.usage(BART)).isEqualTo(new MailboxUsage(1500, 150));
        assertThat(count("SELECT COUNT(*) FROM st_message")).isEqualTo(150);
    }

    @Test
    void accountsHaveSeparateMailboxesAndUsage() throws Exception {
        MailAddress lisa = MailAddress.parse("lisa@ima.com");
        deliver(BART, 5, null);
        assertThat(deliver(lisa, 7, null)).isEqualTo(1);
        assertThat(store.usage(lisa)).isEqualTo(new MailboxUsage(7, 1));
        assertThat(store.usage(MailAddress.parse("nobody@ima.com"))).isEqualTo(new MailboxUsage(0, 0));
    }

    @Test
    void holdsTheBlobsOfStoredMessages() throws Exception {
        deliver(BART, 5, null);
        BlobId other = new BlobId("b".repeat(64));
        assertThat(store.held(List.of(BODY, other))).containsExactly(BODY);
    }

    @Test
    void deletesAMailboxWithItsMessagesAndLowersTheUsage() throws Exception {
        deliver(BART, 10, null);
        store.createMailbox(BART, "Projects/IEMS");
        store.append(BART, "Projects/IEMS", BODY, 100, Set.of(), RECEIVED, "key-1");
        store.append(BART, "Projects/IEMS", BODY, 200, Set.of(), RECEIVED, null);
        List<String> told = new ArrayList<>();
        store.watch(BART, "Projects/IEMS", () -> told.add("changed"));
        assertThatThrownBy(() -> store.deleteMailbox(BART, "Projects")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.deleteMailbox(BART, "inbox")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.deleteMailbox(BART, "Nothing")).isInstanceOf(NoSuchMailboxException.class);
        store.deleteMailbox(BART, "Projects/IEMS");
        assertThat(store.mailboxes(BART)).containsExactly("INBOX", "Projects");
        assertThat(store.usage(BART)).isEqualTo(new MailboxUsage(10, 1));
        assertThat(told).containsExactly("changed");
        assertThat(count("SELECT COUNT(*) FROM st_delivery")).isZero();
        // a new mailbox of the same name starts empty, with a new UIDVALIDITY
        long before = count("SELECT MAX(uid_validity) FROM st_mailbox");
        store.createMailbox(BART, "Projects/IEMS");
        assertThat(store.status(BART, "Projects/IEMS").orElseThrow().messages()).isZero();
        assertThat(store.status(BART, "Projects/IEMS").orElseThrow().uidValidity()).isGreaterThan(before);
    }

    @Test
    void renamesAMailboxWithTheMailboxesUnderIt() throws Exception {
        store.createMailbox(BART, "Work/2026/Q4");
        store.append(BART, "Work/2026", BODY, 100, Set.of("\\Seen"), RECEIVED, null);
        MailboxStatus before = store.status(BART, "Work/2026").orElseThrow();
        store.createMailbox(BART, "Taken");
        assertThatThrownBy(() -> store.renameMailbox(BART, "Work", "Taken")).isInstanceOf(MailboxExistsException.class);
        assertThatThrownBy(() -> store.renameMailbox(BART, "Work", "Work/Sub"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.renameMailbox(BART, "None", "Other")).isInstanceOf(NoSuchMailboxException.class);
        store.renameMailbox(BART, "Work", "Archive/Jobs/Old");
        assertThat(store.mailboxes(BART)).containsExactly("Archive", "Archive/Jobs", "Archive/Jobs/Old",
                "Archive/Jobs/Old/2026", "Archive/Jobs/Old/2026/Q4", "Taken");
        assertThat(store.status(BART, "Archive/Jobs/Old/2026")).contains(before);
        assertThat(store.messages(BART, "Archive/Jobs/Old/2026", 1, 10)).extracting(m -> m.flags())
                .containsExactly(Set.of("\\Seen"));
    }

    @Test
    void eachMessageKnowsWhenItWasSavedInItsMailboxAndCopiesShareTheirEmailId() throws Exception {
        SettableClock clock = new SettableClock(Instant.parse("2026-11-23T10:00:00Z"));
        JdbcMessageStore timed = new JdbcMessageStore(dataSource, a -> Quota.UNLIMITED, clock);
        timed.append(BART, "INBOX", BODY, 10, Set.of(), RECEIVED, null);
        StoredMessage original = timed.messages(BART, "INBOX", 1, 1).get(0);
        assertThat(original.savedAt()).isEqualTo(Instant.parse("2026-11-23T10:00:00Z"));
        timed.createMailbox(BART, "Kept");
        clock.advance(Duration.ofHours(1));
        timed.copy(BART, "Kept", List.of(original));
        StoredMessage copy = timed.messages(BART, "Kept", 1, 1).get(0);
        assertThat(copy.savedAt()).as("the copy's own save date").isEqualTo(Instant.parse("2026-11-23T11:00:00Z"));
        assertThat(copy.internalDate()).isEqualTo(original.internalDate());
        assertThat(copy.emailId()).isEqualTo(original.emailId()).matches("E[0-9a-f]{24}");
        clock.advance(Duration.ofHours(1));
        timed.updateFlags(BART, "Kept", List.of(copy.uid()), FlagChange.ADD, Set.of("\\Seen"), OptionalLong.empty());
        assertThat(timed.messages(BART, "Kept", 1, 1).get(0).savedAt()).as("kept by a flag change")
                .isEqualTo(copy.savedAt());
        long other = timed.append(BART, "INBOX", "Return-Path: <x@y>\r\n", BODY, 10, Set.of(), RECEIVED, null);
        assertThat(timed.messages(BART, "INBOX", other, 1).get(0).emailId()).as("other delivery header fields")
                .isNotEqualTo(original.emailId());
    }

    @Test
    void annotationsArePrivateToTheirUserOrSharedAndGoWithTheirMailbox() throws Exception {
        MailAddress lisa = MailAddress.parse("lisa@ima.com");
        store.createMailbox(BART, "Work");
        store.annotate(BART, "Work", BART, Map.of("/private/comment", bytes("mine"), "/shared/comment", bytes("ours")));
        store.annotate(BART, "Work", lisa, Map.of("/private/comment", bytes("lisa's")));
        assertThat(store.annotations(BART, "Work", BART)).containsOnlyKeys("/private/comment", "/shared/comment")
                .extractingByKey("/private/comment").isEqualTo(bytes("mine"));
        assertThat(store.annotations(BART, "Work", lisa).get("/private/comment")).isEqualTo(bytes("lisa's"));
        assertThat(store.annotationOfEach(BART, BART, "/shared/comment")).containsOnlyKeys("Work");

        Map<String, byte[]> removal = new HashMap<>();
        removal.put("/shared/comment", null);
        store.annotate(BART, "Work", lisa, removal);
        assertThat(store.annotations(BART, "Work", BART)).containsOnlyKeys("/private/comment");

        byte[] binary = {0, 1, 2, (byte) 255};
        store.annotate(null, null, BART, Map.of("/shared/admin", binary));
        assertThat(store.annotations(null, null, lisa).get("/shared/admin")).isEqualTo(binary);

        assertThatThrownBy(() -> store.annotate(BART, "Work", BART, Map.of("/public/x", bytes("x"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.annotations(BART, "Nowhere", BART)).isInstanceOf(NoSuchMailboxException.class);
        store.renameMailbox(BART, "Work", "Play");
        assertThat(store.annotations(BART, "Play", BART)).containsOnlyKeys("/private/comment");
        store.deleteMailbox(BART, "Play");
        store.createMailbox(BART, "Play");
        assertThat(store.annotations(BART, "Play", BART)).isEmpty();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void mailboxesHaveObjectIdsThatRenameKeepsAndNoOtherMailboxGets() throws Exception {
        store.createMailbox(BART, "A");
        store.createMailbox(BART, "B");
        String a = store.status(BART, "A").orElseThrow().mailboxId();
        assertThat(a).isNotEmpty().isNotEqualTo(store.status(BART, "B").orElseThrow().mailboxId());
        store.renameMailbox(BART, "A", "C");
        assertThat(store.status(BART, "C").orElseThrow().mailboxId()).isEqualTo(a);
        store.deleteMailbox(BART, "C");
        store.createMailbox(BART, "A");
        assertThat(store.status(BART, "A").orElseThrow().mailboxId()).isNotEqualTo(a);
    }

    @Test
    void renamingInboxMovesItsMessagesAndLeavesItEmpty() throws Exception {
        deliver(BART, 10, "k1");
        deliver(BART, 20, null);
        store.renameMailbox(BART, "INBOX", "Old mail");
        assertThat(store.messages(BART, "Old mail", 1, 10)).extracting(m -> m.uid()).containsExactly(1L, 2L);
        assertThat(store.status(BART, "Old mail").orElseThrow().messages()).isEqualTo(2);
        assertThat(store.status(BART, "INBOX").orElseThrow().messages()).isZero();
        assertThat(store.messages(BART, "INBOX", 1, 10)).isEmpty();
        // INBOX keeps its UIDVALIDITY, so what left it counts as expunged from it
        assertThat(store.expungedSince(BART, "INBOX", 0)).containsExactly(1L, 2L);
        assertThat(store.expungedSince(BART, "Old mail", 0)).isEmpty();
        // new mail still goes to INBOX, with UIDs after those it had
        assertThat(deliver(BART, 5, null)).isEqualTo(3);
        assertThat(store.usage(BART)).isEqualTo(new MailboxUsage(35, 3));
    }

    @Test
    void keepsSubscriptionsPerAccount() throws Exception {
        store.subscribe(BART, "Lists/iems", true);
        store.subscribe(BART, "inbox", true);
        store.subscribe(BART, "Lists/iems", true);
        store.subscribe(MailAddress.parse("lisa@ima.com"), "Other", true);
        assertThat(store.subscriptions(BART)).containsExactly("INBOX", "Lists/iems");
        store.subscribe(BART, "Lists/iems", false);
        assertThat(store.subscriptions(BART)).containsExactly("INBOX");
    }

    @Test
    void keepsAccessControlListsAndTellsWhatIsSharedWithWhom() throws Exception {
        MailAddress lisa = MailAddress.parse("lisa@ima.com");
        MailAddress homer = MailAddress.parse("homer@ima.com");
        store.createMailbox(BART, "Shared work");
        store.createMailbox(BART, "Private");
        store.setRights(BART, "Shared work", lisa.key(), "rwl");
        store.setRights(BART, "Shared work", MessageStore.ANYONE, "lp");
        assertThat(store.rights(BART, "Shared work")).containsExactly(Map.entry("anyone", "lp"),
                Map.entry("lisa@ima.com", "lrw"));
        assertThat(store.sharedWith(lisa)).containsExactly(new SharedMailbox(BART, "Shared work", "lrwp"));
        assertThat(store.sharedWith(homer)).containsExactly(new SharedMailbox(BART, "Shared work", "lp"));
        assertThat(store.sharedWith(BART)).isEmpty();
        assertThatThrownBy(() -> store.setRights(BART, "Private", lisa.key(), "rz"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.setRights(BART, "None", lisa.key(), "r"))
                .isInstanceOf(NoSuchMailboxException.class);
        store.setRights(BART, "Shared work", lisa.key(), "");
        assertThat(store.rights(BART, "Shared work")).containsOnlyKeys("anyone");
        // the list goes with the mailbox when renamed, and is removed with it
        store.renameMailbox(BART, "Shared work", "Team");
        assertThat(store.sharedWith(homer)).containsExactly(new SharedMailbox(BART, "Team", "lp"));
        store.deleteMailbox(BART, "Team");
        assertThat(store.sharedWith(homer)).isEmpty();
    }

    @Test
    void listsWhatChangedSinceAModSeq() throws Exception {
        deliver(BART, 10, null);
        deliver(BART, 10, null);
        long seen = store.status(BART, "INBOX").orElseThrow().highestModSeq();
        assertThat(store.changedSince(BART, "INBOX", seen)).isEmpty();
        deliver(BART, 10, null);
        store.updateFlags(BART, "INBOX", List.of(1L), FlagChange.ADD, Set.of("\\Seen"), OptionalLong.empty());
        store.expunge(BART, "INBOX", List.of(2L));
        assertThat(store.changedSince(BART, "INBOX", seen)).extracting(m -> m.uid()).containsExactly(1L, 3L);
        assertThat(store.changedSince(BART, "Nothing", 0)).isEmpty();
    }

    @Test
    void keepsTheDeliveryHeaderFieldsOfEachCopyAndCountsThem() throws Exception {
        String returnPath = "Return-Path: <lisa@springfield.example>\r\n";
        store.append(BART, "INBOX", returnPath, BODY, 100, Set.of(), RECEIVED, "key-1");
        store.append(BART, "INBOX", BODY, 100, Set.of(), RECEIVED, null);
        assertThat(store.messages(BART, "INBOX", 1, 10)).extracting(m -> m.deliveryHeaders(), m -> m.size())
                .containsExactly(tuple(returnPath, 100L + returnPath.length()), tuple("", 100L));
        assertThat(store.usage(BART).bytes()).isEqualTo(200 + returnPath.length());
        store.createMailbox(BART, "Archive");
        store.copy(BART, "Archive", store.messages(BART, "INBOX", 1, 1));
        assertThat(store.messages(BART, "Archive", 1, 10)).singleElement()
                .satisfies(m -> assertThat(m.deliveryHeaders()).isEqualTo(returnPath))
                .satisfies(m -> assertThat(m.size()).isEqualTo(100L + returnPath.length()));
        FlagUpdate flagged = store.updateFlags(BART, "INBOX", List.of(1L), FlagChange.ADD, Set.of("\\Flagged"),
                OptionalLong.empty());
        assertThat(flagged.changed()).singleElement()
                .satisfies(m -> assertThat(m.deliveryHeaders()).isEqualTo(returnPath));
    }

    @Test
    void copiesMessagesInOneTransactionAllOrNone() throws Exception {
        store.append(BART, "INBOX", BODY, 10, Set.of("\\Seen"), RECEIVED, null);
        store.append(BART, "INBOX", BODY, 20, Set.of(), RECEIVED, null);
        store.createMailbox(BART, "Archive");
        List<Long> uids = store.copy(BART, "Archive", store.messages(BART, "INBOX", 1, 10));
        assertThat(uids).containsExactly(1L, 2L);
        assertThat(store.messages(BART, "Archive", 1, 10)).extracting(m -> m.size(), m -> m.flags())
                .containsExactly(tuple(10L, Set.of("\\Seen")),
                        tuple(20L, Set.of()));
        assertThat(store.usage(BART)).isEqualTo(new MailboxUsage(60, 4));
        quotas.put(BART, new Quota(0, 5));
        assertThatThrownBy(() -> store.copy(BART, "Archive", store.messages(BART, "INBOX", 1, 10)))
                .isInstanceOf(QuotaExceededException.class);
        assertThat(store.messages(BART, "Archive", 1, 10)).hasSize(2);
        assertThat(store.usage(BART)).isEqualTo(new MailboxUsage(60, 4));
    }

    /**
     * IMAP sessions and deliveries of every kind at once on two accounts' mailboxes, as ten busy
     * clients would: appends, copies, flag changes, expunges and reads. Every transaction takes the
     * mailbox row first, so none is rolled back for a deadlock or a lock wait, and what a reader
     * sees of a mailbox's HIGHESTMODSEQ and of each message's MODSEQ only ever rises.
     */
    @Test
    void sessionsOfEveryKindAtOnceNeverDeadlockAndModSeqsOnlyRise() throws Exception {
        MailAddress lisa = MailAddress.parse("lisa@ima.com");
        List<MailAddress> accounts = List.of(BART, lisa);
        for (MailAddress account : accounts) {
            store.createMailbox(account, "Archive");
            for (int i = 0; i < 20; i++) {
                deliver(account, 10, null);
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Future<List<String>>> sessions = new ArrayList<>();
        for (int t = 0; t < 10; t++) {
            int session = t;
            sessions.add(pool.submit(() -> {
                java.util.Random random = new java.util.Random(session);
                List<String> backwards = new ArrayList<>();
                Map<String, Long> seen = new HashMap<>();
                for (int op = 0; op < 150; op++) {
                    MailAddress account = accounts.get(random.nextInt(accounts.size()));
                    String mailbox = random.nextBoolean() ? "INBOX" : "Archive";
                    List<StoredMessage> messages = store.messages(account, mailbox, 1, 100);
                    for (StoredMessage m : messages) {
                        Long before = seen.put(account + "/" + mailbox + "/" + m.uid(), m.modSeq());
                        if (before != null && before > m.modSeq()) {
                            backwards.add(account + "/" + mailbox + " uid " + m.uid() + ": " + before + " -> " + m.modSeq());
                        }
                    }
                    long highest = store.status(account, mailbox).orElseThrow().highestModSeq();
                    Long highestBefore = seen.put(account + "/" + mailbox, highest);
                    if (highestBefore != null && highestBefore > highest) {
                        backwards.add(account + "/" + mailbox + " HIGHESTMODSEQ " + highestBefore + " -> " + highest);
                    }
                    List<Long> some = messages.stream().map(StoredMessage::uid).filter(uid -> random.nextInt(4) == 0)
                            .toList();
                    switch (random.nextInt(5)) {
                        case 0 -> store.append(account, mailbox, BODY, 10, Set.of(), RECEIVED, null);
                        case 1 -> store.updateFlags(account, mailbox, some, FlagChange.ADD, Set.of("\\Seen"),
                                OptionalLong.empty());
                        case 2 -> store.updateFlags(account, mailbox, some, FlagChange.REPLACE, Set.of("$Label1"),
                                OptionalLong.empty());
                        case 3 -> store.copy(account, mailbox.equals("INBOX") ? "Archive" : "INBOX",
                                messages.stream().filter(m -> random.nextInt(8) == 0).toList());
                        default -> store.expunge(account, mailbox, some.stream().limit(2).toList());
                    }
                }
                return backwards;
            }));
        }
        List<String> backwards = new ArrayList<>();
        for (Future<List<String>> session : sessions) {
            backwards.addAll(session.get());
        }
        pool.shutdown();
        assertThat(backwards).as("MODSEQs seen going backwards").isEmpty();
        assertThat(store.transactions().getDeadlockRetries()).as("deadlocks").isZero();
        assertThat(store.transactions().getLockTimeoutRetries()).as("lock timeouts").isZero();
        long stored = count("SELECT COUNT(*) FROM st_message");
        assertThat(store.usage(BART).messages() + store.usage(lisa).messages()).as("usage kept exact").isEqualTo(stored);
    }
}
