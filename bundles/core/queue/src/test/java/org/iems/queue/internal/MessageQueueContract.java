package org.iems.queue.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.iems.api.blob.BlobId;
import org.iems.api.blob.BlobRef;
import org.iems.api.mail.DomainName;
import org.iems.api.mail.MailAddress;
import org.iems.api.queue.BodyType;
import org.iems.api.queue.Delivery;
import org.iems.api.queue.DeliveryOutcome;
import org.iems.api.queue.DeliveryResult;
import org.iems.api.queue.DeliveryResult.Delivered.Kind;
import org.iems.api.queue.DsnNotify;
import org.iems.api.queue.DsnReturn;
import org.iems.api.queue.Envelope;
import org.iems.api.queue.EnvelopeRecipient;
import org.iems.api.queue.QueueEntry;
import org.iems.api.queue.QueueStats;
import org.iems.api.queue.RecipientState;
import org.iems.api.queue.RoutedRecipient;
import org.iems.api.queue.Routing;
import org.iems.api.storage.JdbcSchemaMigrations;
import org.iems.testsupport.SettableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The queue's durable state machine over a real database: Derby always, PostgreSQL in the postgres profile. */
abstract class MessageQueueContract {

    private static final BlobRef BODY = new BlobRef(new BlobId("c".repeat(64)), 1234);
    private static final Duration LEASE = Duration.ofMinutes(5);

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-23T01:00:00Z"));
    private DataSource ds;
    private JdbcMessageQueue queue;

    abstract DataSource newDatabase() throws Exception;

    @BeforeEach
    void open() throws Exception {
        ds = newDatabase();
        JdbcSchemaMigrations.open(ds).migrate(QueueSchema.OWNER, QueueSchema.MIGRATIONS);
        queue = node("test");
    }

    private JdbcMessageQueue node(String name) {
        return new JdbcMessageQueue(ds, clock,
                () -> new RetryPolicy(Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofDays(3)), name);
    }


    private static MailAddress a(String text) {
        return MailAddress.parse(text);
    }

    private static Envelope envelope(String... recipients) {
        List<EnvelopeRecipient> rcpts = new ArrayList<>();
        for (String r : recipients) {
            rcpts.add(EnvelopeRecipient.of(a(r)));
        }
        return new Envelope(Optional.of(a("sender@remote.example")), rcpts, Optional.empty(), Optional.empty(),
                BodyType.SEVEN_BIT, false, "192.0.2.1", Optional.empty(), Instant.parse("2026-11-23T00:59:59Z"));
    }

    /** Enqueues, claims as the preprocessor would, and routes every recipient to the local channel. */
    private QueueEntry routedToLocal(String... recipients) throws Exception {
        QueueEntry entry = queue.enqueue(envelope(recipients), BODY, null);
        assertThat(queue.claimNew(10, LEASE)).extracting(QueueEntry::queueId).contains(entry.queueId());
        List<RoutedRecipient> routed = new ArrayList<>();
        for (EnvelopeRecipient r : entry.envelope().recipients()) {
            routed.add(RoutedRecipient.to(r, r.address(), "local"));
        }
        queue.route(entry.queueId(), new Routing(Map.of(), Optional.empty(), routed));
        return entry;
    }

    @Test
    void mailWaitingInAQueueOfSchemaVersionFourIsStillDeliveredAfterTheUpgrade() throws Exception {
        DataSource old = newDatabase();
        JdbcSchemaMigrations.open(old).migrate(QueueSchema.OWNER, QueueSchema.MIGRATIONS.subList(0, 4));
        Timestamp now = Timestamp.from(clock.instant());
        try (Connection c = old.getConnection();
                PreparedStatement entry = c.prepareStatement("INSERT INTO q_entry (queue_id, sender, body_type,"
                        + " smtputf8, client, received_at, blob_id, size, phase, held, created_at, expires_at)"
                        + " VALUES ('Q4', 'a@b.example', 'SEVEN_BIT', ?, '192.0.2.1', ?, ?, 10, 'ROUTED', ?, ?, ?)");
                PreparedStatement rcpt = c.prepareStatement("INSERT INTO q_rcpt (queue_id, seq, orig_address, notify,"
                        + " address, channel, state, attempts, next_attempt, notified) VALUES ('Q4', 0, 'x@y.example',"
                        + " 'SUCCESS', 'x@y.example', 'smtp', 'QUEUED', 1, ?, ?)")) {
            entry.setBoolean(1, false);
            entry.setTimestamp(2, now);
            entry.setString(3, BODY.id().hex());
            entry.setBoolean(4, false);
            entry.setTimestamp(5, now);
            entry.setTimestamp(6, Timestamp.from(clock.instant().plus(Duration.ofDays(3))));
            entry.executeUpdate();
            rcpt.setTimestamp(1, now);
            rcpt.setBoolean(2, true);
            rcpt.executeUpdate();
        }
        JdbcSchemaMigrations.open(old).migrate(QueueSchema.OWNER, QueueSchema.MIGRATIONS);
        JdbcMessageQueue upgraded = new JdbcMessageQueue(old, clock,
                () -> new RetryPolicy(Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofDays(3)), "test");
        List<Delivery> claimed = upgraded.claim("smtp", 10, LEASE);
        assertThat(claimed).extracting(Delivery::deliveryKey).containsExactly("Q4/0");
        upgraded.record(List.of(new DeliveryOutcome(claimed.get(0), new DeliveryResult.Delivered("250 ok", Kind.FINAL))));
        assertThat(upgraded.notifications().untold(10)).singleElement().satisfies(u -> assertThat(u.recipients()).singleElement()
                .satisfies(r -> assertThat(r.successAction()).contains("delivered")));
    }

    @Test
    void enqueueKeepsTheWholeEnvelope() throws Exception {
        Envelope envelope = new Envelope(Optional.empty(),
                List.of(new EnvelopeRecipient(a("bart@ima.com"), Set.of(DsnNotify.SUCCESS, DsnNotify.FAILURE),
                        Optional.of("rfc822;bart@ima.com")), EnvelopeRecipient.of(a("jörg@ima.com"))),
                Optional.of("ENV-1"), Optional.of(DsnReturn.HEADERS), BodyType.EIGHT_BIT_MIME, true, "2001:db8::7",
                Optional.of(a("lisa@ima.com")), Instant.parse("2026-11-23T00:59:59Z"));
        QueueEntry entry = queue.enqueue(envelope, BODY, "Q123");
        assertThat(entry.queueId()).isEqualTo("Q123");
        QueueEntry found = queue.find("Q123").orElseThrow();
        assertThat(found.envelope()).isEqualTo(envelope);
        assertThat(found.body()).isEqualTo(BODY.id());
        assertThat(found.size()).isEqualTo(1234);
        assertThat(found.expires()).isEqualTo(clock.instant().plus(Duration.ofDays(3)));
        assertThat(found.recipients()).extracting(r -> r.state()).containsExactly(RecipientState.NEW, RecipientState.NEW);
    }

    @Test
    void generatedQueueIdsAreUnique() throws Exception {
        Set<String> ids = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 50; i++) {
            ids.add(queue.enqueue(envelope("bart@ima.com"), BODY, null).queueId());
        }
        assertThat(ids).hasSize(50);
    }

    @Test
    void newEntriesAreClaimedOnceUntilTheLeaseEnds() throws Exception {
        QueueEntry entry = queue.enqueue(envelope("bart@ima.com"), BODY, null);
        assertThat(queue.claimNew(10, LEASE)).extracting(QueueEntry::queueId).containsExactly(entry.queueId());
        assertThat(queue.claimNew(10, LEASE)).isEmpty();
        clock.advance(LEASE.plusSeconds(1)); // the preprocessor died
        assertThat(queue.claimNew(10, LEASE)).extracting(QueueEntry::queueId).containsExactly(entry.queueId());
    }

    @Test
    void heldEntriesWaitUntilReleased() throws Exception {
        QueueEntry entry = queue.enqueue(envelope("bart@ima.com"), BODY, null);
        queue.hold(entry.queueId(), "required filter antivirus is missing");
        assertThat(queue.claimNew(10, LEASE)).isEmpty();
        queue.release(entry.queueId());
        assertThat(queue.claimNew(10, LEASE)).hasSize(1);
    }

    @Test
    void automaticHoldsAreReleasedByPrefixOperatorHoldsStay() throws Exception {
        QueueEntry automatic = queue.enqueue(envelope("bart@ima.com"), BODY, null);
        QueueEntry operator = queue.enqueue(envelope("lisa@ima.com"), BODY, null);
        queue.hold(automatic.queueId(), "filter: antivirus is not running");
        queue.hold(operator.queueId(), "held by the postmaster");
        assertThat(queue.releaseHeld("filter: ")).isEqualTo(1);
        assertThat(queue.claimNew(10, LEASE)).extracting(QueueEntry::queueId).containsExactly(automatic.queueId());
    }

    @Test
    void routingExpandsRecipientsAndRecordsFinalOnes() throws Exception {
        QueueEntry entry = queue.enqueue(envelope("kids@ima.com", "nobody@ima.com"), BODY, null);
        queue.claimNew(10, LEASE);
        EnvelopeRecipient kids = entry.envelope().recipients().get(0);
        EnvelopeRecipient nobody = entry.envelope().recipients().get(1);
        queue.route(entry.queueId(), new Routing(Map.of("X-IEMS-Spam-Score", "1.5"), Optional.empty(), List.of(
                RoutedRecipient.to(kids, a("bart@ima.com"), "local"),
                RoutedRecipient.to(kids, a("lisa@remote.example"), "smtp"),
                new RoutedRecipient(nobody, a("nobody@ima.com"), Optional.empty(), Optional.of(RecipientState.BOUNCED),
                        Optional.of("5.1.1 no such user")))));
        QueueEntry routed = queue.find(entry.queueId()).orElseThrow();
        assertThat(routed.tags()).containsEntry("X-IEMS-Spam-Score", "1.5");
        assertThat(routed.recipients()).extracting(r -> r.address().toString() + " " + r.state() + " "
                + r.channel().orElse("-")).containsExactly("bart@ima.com QUEUED local", "lisa@remote.example QUEUED smtp",
                "nobody@ima.com BOUNCED -");
        assertThat(routed.envelope().recipients()).containsExactly(kids, nobody);
        assertThat(queue.claim("local", 10, LEASE)).extracting(d -> d.recipient().address())
                .containsExactly(a("bart@ima.com"));
    }

    /** Enqueues a message of this size from this sender and routes every recipient to the local channel. */
    private QueueEntry routedToLocal(Optional<MailAddress> sender, long size, List<String> recipients) throws Exception {
        List<EnvelopeRecipient> rcpts = recipients.stream().map(r -> EnvelopeRecipient.of(a(r))).toList();
        QueueEntry entry = queue.enqueue(new Envelope(sender, rcpts, Optional.empty(), Optional.empty(),
                BodyType.SEVEN_BIT, false, "192.0.2.1", Optional.empty(), clock.instant()),
                new BlobRef(BODY.id(), size), null);
        queue.claimNew(10, LEASE);
        queue.route(entry.queueId(), new Routing(Map.of(), Optional.empty(),
                rcpts.stream().map(r -> RoutedRecipient.to(r, r.address(), "local")).toList()));
        clock.advance(Duration.ofSeconds(1));
        return entry;
    }

    @Test
    void notificationsAndOrdinaryMailAreClaimedBeforeTheBulkThatCameFirst() throws Exception {
        List<String> list = IntStream.range(0, 150).mapToObj(i -> "member" + i + "@ima.com").toList();
        QueueEntry bulk = routedToLocal(Optional.of(a("list@ima.com")), 2000, list);
        QueueEntry large = routedToLocal(Optional.of(a("homer@ima.com")), 5L * 1024 * 1024, List.of("lenny@ima.com"));
        QueueEntry ordinary = routedToLocal(Optional.of(a("marge@ima.com")), 3000, List.of("bart@ima.com"));
        QueueEntry notification = routedToLocal(Optional.empty(), 4000, List.of("moe@ima.com"));
        List<Delivery> first = queue.claim("local", 102, LEASE);
        assertThat(first.get(0).entry().queueId()).isEqualTo(notification.queueId());
        assertThat(first).extracting(d -> d.entry().queueId()).containsOnly(notification.queueId(),
                bulk.queueId(), ordinary.queueId()).filteredOn(id -> id.equals(bulk.queueId())).hasSize(100);
        assertThat(first).filteredOn(d -> d.entry().queueId().equals(bulk.queueId()))
                .extracting(d -> d.recipient().address().toString()).containsExactlyElementsOf(list.subList(0, 100));
        List<Delivery> rest = queue.claim("local", 100, LEASE);
        assertThat(rest.get(0).entry().queueId()).as("the bulk, oldest first").isEqualTo(bulk.queueId());
        assertThat(rest).hasSize(51).extracting(d -> d.entry().queueId()).contains(large.queueId());
    }

    @Test
    void anEntryIsRemovedWhenEveryRecipientIsDelivered() throws Exception {
        QueueEntry entry = routedToLocal("bart@ima.com", "lisa@ima.com");
        List<Delivery> deliveries = queue.claim("local", 10, LEASE);
        assertThat(deliveries).hasSize(2);
        assertThat(deliveries.get(0).deliveryKey()).isEqualTo(entry.queueId() + "/0");
        queue.complete(deliveries.get(0), "INBOX uid 1");
        assertThat(queue.find(entry.queueId())).isPresent();
        queue.complete(deliveries.get(1), "INBOX uid 7");
        assertThat(queue.find(entry.queueId())).isEmpty();
        assertThat(queue.held(List.of(BODY.id()))).isEmpty();
    }

    @Test
    void aDeliveryTheSenderAskedToHearOfKeepsTheEntryUntilTheSenderIsTold() throws Exception {
        QueueEntry entry = queue.enqueue(new Envelope(Optional.of(a("sender@remote.example")), List.of(
                new EnvelopeRecipient(a("bart@ima.com"), Set.of(DsnNotify.SUCCESS), Optional.empty()),
                new EnvelopeRecipient(a("lisa@ima.com"), Set.of(DsnNotify.SUCCESS), Optional.empty())),
                Optional.empty(), Optional.empty(), BodyType.SEVEN_BIT, false, "192.0.2.1", Optional.empty(),
                clock.instant()), BODY, null);
        queue.claimNew(10, LEASE);
        queue.route(entry.queueId(), new Routing(Map.of(), Optional.empty(), entry.envelope().recipients().stream()
                .map(r -> RoutedRecipient.to(r, r.address(), "smtp")).toList()));
        List<Delivery> deliveries = queue.claim("smtp", 10, LEASE);
        queue.record(List.of(
                new DeliveryOutcome(deliveries.get(0), new DeliveryResult.Delivered("250 ok", Kind.RELAYED)),
                new DeliveryOutcome(deliveries.get(1), new DeliveryResult.Delivered("250 ok", Kind.PASSED_ON))));
        List<Notifications.Untold> untold = queue.notifications().untold(10);
        assertThat(untold).hasSize(1);
        assertThat(untold.get(0).recipients()).singleElement().satisfies(r -> {
            assertThat(r.status().address()).isEqualTo(a("bart@ima.com"));
            assertThat(r.successAction()).contains("relayed");
        });
        assertThat(queue.find(entry.queueId())).isPresent();
        queue.notifications().markNotified(entry.queueId(), List.of(untold.get(0).recipients().get(0).seq()));
        assertThat(queue.find(entry.queueId())).isEmpty();
    }

    @Test
    void operatorsListCountHoldFlushAndDeleteEntries() throws Exception {
        QueueEntry first = routedToLocal("bart@ima.com", "lisa@ima.com");
        clock.advance(Duration.ofSeconds(1));
        QueueEntry second = routedToLocal("homer@ima.com");
        queue.hold(second.queueId(), "operator");
        assertThat(queue.list(false, 0, 10)).extracting(QueueEntry::queueId).containsExactly(first.queueId(), second.queueId());
        assertThat(queue.list(false, 1, 10)).extracting(QueueEntry::queueId).containsExactly(second.queueId());
        assertThat(queue.list(true, 0, 10)).singleElement().satisfies(e -> assertThat(e.heldReason()).contains("operator"));
        QueueStats stats = queue.stats();
        assertThat(stats.entries()).isEqualTo(2);
        assertThat(stats.held()).isEqualTo(1);
        assertThat(stats.recipients()).containsEntry(RecipientState.QUEUED, 3L);
        assertThat(stats.oldest()).isPresent();

        Delivery d = queue.claim("local", 1, LEASE).get(0);
        queue.defer(d, "4.2.2 over quota");
        assertThat(queue.claim("local", 10, LEASE)).hasSize(1);
        assertThat(queue.flush()).isEqualTo(1);
        assertThat(queue.claim("local", 10, LEASE)).extracting(Delivery::deliveryKey).containsExactly(d.deliveryKey());

        assertThat(queue.delete(second.queueId())).isTrue();
        assertThat(queue.delete(second.queueId())).isFalse();
        assertThat(queue.find(second.queueId())).isEmpty();
        assertThat(queue.stats().entries()).isEqualTo(1);
    }

    @Test
    void flushingOneDomainMakesOnlyItsDeferredRecipientsDue() throws Exception {
        routedToLocal("bart@ima.com", "homer@springfield.example");
        for (Delivery d : queue.claim("local", 10, LEASE)) {
            queue.defer(d, "4.4.1 host down");
        }
        assertThat(queue.flush(DomainName.parse("SPRINGFIELD.example"))).isEqualTo(1);
        assertThat(queue.claim("local", 10, LEASE)).extracting(d -> d.recipient().address().toString())
                .containsExactly("homer@springfield.example");
        assertThat(queue.flush(DomainName.parse("nowhere.example"))).isZero();
    }

    @Test
    void entriesAreListedAndCountedByRecipientDomain() throws Exception {
        QueueEntry both = routedToLocal("bart@ima.com", "homer@springfield.example");
        clock.advance(Duration.ofSeconds(1));
        QueueEntry springfield = routedToLocal("marge@springfield.example", "lisa@springfield.example");
        routedToLocal("moe@tavern.example");
        assertThat(queue.listForDomain(DomainName.parse("springfield.example"), 0, 10)).extracting(QueueEntry::queueId)
                .containsExactly(both.queueId(), springfield.queueId());
        assertThat(queue.listForDomain(DomainName.parse("springfield.example"), 1, 10)).extracting(QueueEntry::queueId)
                .containsExactly(springfield.queueId());
        assertThat(queue.waitingByDomain(2)).containsExactly(Map.entry(DomainName.parse("springfield.example"), 3L),
                Map.entry(DomainName.parse("ima.com"), 1L));
        assertThat(queue.waitingFor(DomainName.parse("springfield.example"))).isEqualTo(3);
        assertThat(queue.waitingFor(DomainName.parse("example"))).as("not a suffix match").isZero();
        for (Delivery d : queue.claim("local", 10, LEASE)) {
            if (d.recipient().address().domain().equals(DomainName.parse("springfield.example"))) {
                queue.complete(d, "delivered");
            }
        }
        assertThat(queue.listForDomain(DomainName.parse("springfield.example"), 0, 10)).isEmpty();
        assertThat(queue.waitingFor(DomainName.parse("springfield.example"))).isZero();
        assertThat(queue.waitingByDomain(10)).containsOnlyKeys(DomainName.parse("ima.com"),
                DomainName.parse("tavern.example"));
    }

    @Test
    void givenBackClaimsAreDueAtOnceAndTheAttemptDoesNotCount() throws Exception {
        routedToLocal("bart@ima.com");
        Delivery claimed = queue.claim("local", 10, LEASE).get(0);
        assertThat(claimed.attempt()).isEqualTo(1);
        queue.returnClaims(List.of(claimed));
        List<Delivery> again = queue.claim("local", 10, LEASE);
        assertThat(again).hasSize(1);
        assertThat(again.get(0).attempt()).isEqualTo(1);
        queue.complete(again.get(0), "delivered");
        queue.returnClaims(List.of(claimed));
        assertThat(queue.claim("local", 10, LEASE)).as("a recorded recipient is not given back").isEmpty();
    }

    @Test
    void aRestartedNodeTakesBackItsOwnClaimsAtOnceButNotOtherNodes() throws Exception {
        routedToLocal("bart@ima.com");
        QueueEntry fresh = queue.enqueue(envelope("lisa@ima.com"), BODY, null);
        assertThat(queue.claim("local", 10, LEASE)).hasSize(1);
        assertThat(queue.claimNew(10, LEASE)).extracting(QueueEntry::queueId).containsExactly(fresh.queueId());
        JdbcMessageQueue other = node("other");
        assertThat(other.recover()).isZero();
        assertThat(other.claim("local", 10, LEASE)).isEmpty();
        JdbcMessageQueue restarted = node("test");
        assertThat(restarted.recover()).isEqualTo(2);
        assertThat(restarted.claim("local", 10, LEASE)).hasSize(1);
        assertThat(restarted.claimNew(10, LEASE)).extracting(QueueEntry::queueId).containsExactly(fresh.queueId());
    }

    @Test
    void bouncedRecipientsKeepTheEntryUntilNotified() throws Exception {
        QueueEntry entry = routedToLocal("bart@ima.com");
        Delivery d = queue.claim("local", 10, LEASE).get(0);
        queue.bounce(d, "5.2.2", "mailbox full for good");
        QueueEntry left = queue.find(entry.queueId()).orElseThrow();
        assertThat(left.recipients().get(0).state()).isEqualTo(RecipientState.BOUNCED);
        assertThat(left.recipients().get(0).lastResult()).contains("5.2.2 mailbox full for good");
        assertThat(queue.held(List.of(BODY.id()))).containsExactly(BODY.id());
    }

    @Test
    void claimedRecipientsAreClaimedOnceUntilTheLeaseEnds() throws Exception {
        routedToLocal("bart@ima.com");
        assertThat(queue.claim("local", 10, LEASE)).hasSize(1);
        assertThat(queue.claim("local", 10, LEASE)).isEmpty();
        assertThat(queue.claim("smtp", 10, LEASE)).isEmpty();
        clock.advance(LEASE.plusSeconds(1)); // the worker crashed mid-delivery
        List<Delivery> again = queue.claim("local", 10, LEASE);
        assertThat(again).hasSize(1);
        assertThat(again.get(0).attempt()).isEqualTo(2);
    }

    @Test
    void deferredRecipientsComeBackAfterTheBackOffAndExpireAfterTheTtl() throws Exception {
        QueueEntry entry = routedToLocal("bart@ima.com");
        queue.defer(queue.claim("local", 10, LEASE).get(0), "4.2.2 over quota");
        assertThat(queue.claim("local", 10, LEASE)).isEmpty();
        clock.advance(Duration.ofMinutes(5));
        Delivery second = queue.claim("local", 10, LEASE).get(0);
        assertThat(second.attempt()).isEqualTo(2);
        queue.defer(second, "4.2.2 over quota");
        clock.advance(Duration.ofMinutes(9));
        assertThat(queue.claim("local", 10, LEASE)).as("second delay is 10 minutes").isEmpty();
        clock.advance(Duration.ofMinutes(1));
        Delivery third = queue.claim("local", 10, LEASE).get(0);
        clock.set(entry.expires());
        queue.defer(third, "4.2.2 over quota");
        QueueEntry expired = queue.find(entry.queueId()).orElseThrow();
        assertThat(expired.recipients().get(0).state()).isEqualTo(RecipientState.EXPIRED);
        assertThat(expired.recipients().get(0).lastResult().orElseThrow()).startsWith("4.4.7");
    }

    @Test
    void aSpamTaggedMessageExpiresAfterItsShortTtlWhileANormalOneWaits() throws Exception {
        JdbcMessageQueue spamAware = new JdbcMessageQueue(ds, clock, () -> new RetryPolicy(Duration.ofMinutes(5),
                Duration.ofHours(1), Duration.ofDays(3), SpamTtl.of("X-IEMS-Spam-Flag=YES", Duration.ofHours(4)),
                Duration.ZERO), "test");
        List<String> ids = new ArrayList<>();
        for (Map<String, String> tags : List.of(Map.of("X-IEMS-Spam-Flag", "YES"), Map.<String, String>of())) {
            QueueEntry entry = spamAware.enqueue(envelope("someone@remote.example"), BODY, null);
            spamAware.claimNew(10, LEASE);
            spamAware.route(entry.queueId(), new Routing(tags, Optional.empty(), List.of(RoutedRecipient.to(
                    entry.envelope().recipients().get(0), a("someone@remote.example"), "smtp"))));
            ids.add(entry.queueId());
        }
        for (Delivery d : spamAware.claim("smtp", 10, LEASE)) {
            spamAware.defer(d, "4.4.1 connection refused");
        }
        clock.advance(Duration.ofHours(4));
        for (Delivery d : spamAware.claim("smtp", 10, LEASE)) {
            spamAware.defer(d, "4.4.1 connection refused");
        }
        assertThat(spamAware.find(ids.get(0)).orElseThrow().recipients().get(0).state()).isEqualTo(RecipientState.EXPIRED);
        assertThat(spamAware.find(ids.get(1)).orElseThrow().recipients().get(0).state()).isEqualTo(RecipientState.QUEUED);
    }

    @Test
    void aChannelIsWokenByMailRoutedToItAndNotByOtherMail() throws Exception {
        CompletableFuture<Boolean> smtpWoken = CompletableFuture.supplyAsync(() -> {
            try {
                return queue.awaitActivity("smtp", Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        routedToLocal("bart@ima.com");
        Thread.sleep(200);
        assertThat(smtpWoken).as("mail for the local channel does not wake smtp").isNotDone();
        QueueEntry remote = queue.enqueue(envelope("homer@remote.example"), BODY, null);
        queue.claimNew(10, LEASE);
        queue.route(remote.queueId(), new Routing(Map.of(), Optional.empty(), List.of(RoutedRecipient.to(
                remote.envelope().recipients().get(0), a("homer@remote.example"), "smtp"))));
        assertThat(smtpWoken.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(queue.awaitActivity("local", Duration.ofMillis(50))).as("nothing new for local").isFalse();
    }

    @Test
    void concurrentWorkersNeverClaimTheSameRecipient() throws Exception {
        for (int i = 0; i < 40; i++) {
            routedToLocal("user" + i + "@ima.com");
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        Set<String> seen = ConcurrentHashMap.newKeySet();
        List<Future<Integer>> workers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            workers.add(pool.submit(() -> {
                int duplicates = 0;
                List<Delivery> batch;
                while (!(batch = queue.claim("local", 3, LEASE)).isEmpty()) {
                    for (Delivery d : batch) {
                        if (!seen.add(d.deliveryKey())) {
                            duplicates++;
                        }
                        queue.complete(d, "ok");
                    }
                }
                return duplicates;
            }));
        }
        int duplicates = 0;
        for (Future<Integer> f : workers) {
            duplicates += f.get();
        }
        pool.shutdown();
        assertThat(duplicates).isZero();
        assertThat(seen).hasSize(40);
    }

    /**
     * Every role at once, as a busy server runs them: submitters, preprocessors routing to two
     * channels, channel workers recording batches of outcomes, the notifier marking recipients told,
     * operators reading. Their transactions take locks in one order, so none is ever rolled back
     * for a deadlock or a lock wait, and every entry ends removed.
     */
    @Test
    void allRolesAtOnceNeverDeadlockAndEveryEntryEnds() throws Exception {
        int messages = 150;
        ExecutorService pool = Executors.newFixedThreadPool(10);
        java.util.concurrent.atomic.AtomicInteger submitted = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        List<Future<?>> roles = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            roles.add(pool.submit(() -> {
                while (submitted.getAndIncrement() < messages) {
                    int n = submitted.get();
                    List<EnvelopeRecipient> rcpts = new ArrayList<>();
                    for (int r = 0; r <= n % 4; r++) {
                        rcpts.add(new EnvelopeRecipient(a("u" + r + "@" + (r % 2 == 0 ? "ima.com" : "far.example")),
                                n % 3 == 0 ? Set.of(DsnNotify.SUCCESS, DsnNotify.FAILURE) : Set.of(), Optional.empty()));
                    }
                    queue.enqueue(new Envelope(Optional.of(a("sender@remote.example")), rcpts, Optional.empty(),
                            Optional.empty(), BodyType.SEVEN_BIT, false, "192.0.2.1", Optional.empty(),
                            clock.instant()), BODY, null);
                }
                return null;
            }));
        }
        for (int p = 0; p < 2; p++) {
            roles.add(pool.submit(() -> {
                while (!done.get()) {
                    for (QueueEntry entry : queue.claimNew(5, LEASE)) {
                        List<RoutedRecipient> routed = new ArrayList<>();
                        for (EnvelopeRecipient r : entry.envelope().recipients()) {
                            routed.add(RoutedRecipient.to(r, r.address(),
                                    r.address().domain().ascii().equals("ima.com") ? "local" : "smtp"));
                        }
                        queue.route(entry.queueId(), new Routing(Map.of(), Optional.empty(), routed));
                    }
                }
                return null;
            }));
        }
        for (String channel : List.of("local", "local", "smtp", "smtp")) {
            roles.add(pool.submit(() -> {
                while (!done.get()) {
                    List<DeliveryOutcome> outcomes = new ArrayList<>();
                    for (Delivery d : queue.claim(channel, 7, LEASE)) {
                        outcomes.add(new DeliveryOutcome(d, d.entry().queueId().hashCode() % 5 == 0
                                ? new DeliveryResult.PermanentFailure("5.1.1", "no such user")
                                : new DeliveryResult.Delivered("ok", Kind.FINAL)));
                    }
                    queue.record(outcomes);
                }
                return null;
            }));
        }
        roles.add(pool.submit(() -> {
            while (!done.get()) {
                for (Notifications.Untold untold : queue.notifications().untold(10)) {
                    queue.notifications().markNotified(untold.entry().queueId(),
                            untold.recipients().stream().map(Notifications.UntoldRecipient::seq).toList());
                }
            }
            return null;
        }));
        roles.add(pool.submit(() -> {
            while (!done.get()) {
                queue.stats();
                queue.list(false, 0, 20);
                queue.waitingByDomain(5);
            }
            return null;
        }));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (submitted.get() < messages || queue.stats().entries() > 0) {
            for (Future<?> role : roles) {
                if (role.isDone()) {
                    role.get(); // a role that failed fails the test with its cause
                }
            }
            assertThat(System.nanoTime()).as("every entry ended within 2 minutes").isLessThan(deadline);
            Thread.sleep(50);
        }
        done.set(true);
        for (Future<?> role : roles) {
            role.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(queue.transactions().getDeadlockRetries()).as("deadlocks").isZero();
        assertThat(queue.transactions().getLockTimeoutRetries()).as("lock timeouts").isZero();
        assertThat(queue.stats().recipients().values().stream().mapToLong(Long::longValue).sum()).isZero();
    }

    @Test
    void retryDelaysDoubleUpToTheMaximum() {
        RetryPolicy p = new RetryPolicy(Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofDays(3));
        assertThat(List.of(p.delayAfter(1), p.delayAfter(2), p.delayAfter(3), p.delayAfter(5), p.delayAfter(50)))
                .containsExactly(Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(20),
                        Duration.ofHours(1), Duration.ofHours(1));
    }
}
