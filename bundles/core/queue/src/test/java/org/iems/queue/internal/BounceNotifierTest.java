package org.iems.queue.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.iems.api.blob.BlobRef;
import org.iems.api.blob.BlobWriter;
import org.iems.api.mail.DomainName;
import org.iems.api.mail.MailAddress;
import org.iems.api.queue.BodyType;
import org.iems.api.queue.DeliveryOutcome;
import org.iems.api.queue.DeliveryResult;
import org.iems.api.queue.DsnNotify;
import org.iems.api.queue.DsnReturn;
import org.iems.api.queue.Envelope;
import org.iems.api.queue.EnvelopeRecipient;
import org.iems.api.queue.QueueEntry;
import org.iems.api.queue.RecipientState;
import org.iems.api.queue.RoutedRecipient;
import org.iems.api.queue.Routing;
import org.iems.api.storage.JdbcSchemaMigrations;
import org.iems.testsupport.MemoryBlobStore;
import org.iems.testsupport.MemoryDerby;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Delivery status notifications (RFC 3464) for failed, delayed and delivered recipients, on the real queue and blob store. */
class BounceNotifierTest {

    private static final MailAddress SENDER = MailAddress.parse("marge@remote.example");
    private static final String MESSAGE = "From: marge@remote.example\r\nSubject: donuts\r\nMessage-ID: <1@remote>\r\n\r\n"
            + "secret body\r\n";

    private JdbcMessageQueue queue;
    private MemoryBlobStore blobs;
    private BounceNotifier notifier;
    /** Delay warnings off, unless a test turns them on. */
    private RetryPolicy policy = policy(Duration.ZERO);

    private static RetryPolicy policy(Duration delayWarning) {
        return new RetryPolicy(Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofDays(3),
                SpamTtl.of("X-IEMS-Spam-Flag=YES", Duration.ofHours(4)), delayWarning);
    }

    @BeforeEach
    void setUp() throws Exception {
        DataSource ds = MemoryDerby.newDatabase();
        JdbcSchemaMigrations.open(ds).migrate(QueueSchema.OWNER, QueueSchema.MIGRATIONS);
        queue = new JdbcMessageQueue(ds, Clock.systemUTC(),
                () -> policy, "test");
        blobs = new MemoryBlobStore();
        notifier = new BounceNotifier(queue, blobs, () -> DomainName.parse("ima.com"), "mx.ima.com", Clock.systemUTC());
    }

    /** Queues a message and routes its first recipient as bounced, the others as queued for delivery. */
    private QueueEntry bounceFirst(Optional<MailAddress> sender, Optional<DsnReturn> ret, EnvelopeRecipient... rcpts)
            throws Exception {
        return bounceFirst(sender, ret, Map.of(), rcpts);
    }

    private QueueEntry bounceFirst(Optional<MailAddress> sender, Optional<DsnReturn> ret, Map<String, String> tags,
            EnvelopeRecipient... rcpts) throws Exception {
        BlobRef body;
        try (BlobWriter w = blobs.create()) {
            w.stream().write(MESSAGE.getBytes(StandardCharsets.UTF_8));
            body = new BlobRef(w.commit(), w.size());
        }
        QueueEntry entry = queue.enqueue(new Envelope(sender, List.of(rcpts), Optional.of("ENV-42"), ret,
                BodyType.SEVEN_BIT, false, "192.0.2.1", Optional.empty(), Instant.now()), body, null);
        queue.claimNew(10, Duration.ofMinutes(5));
        List<RoutedRecipient> routed = new java.util.ArrayList<>();
        for (int i = 0; i < rcpts.length; i++) {
            routed.add(i == 0 ? new RoutedRecipient(rcpts[i], rcpts[i].address(), Optional.empty(),
                    Optional.of(RecipientState.BOUNCED), Optional.of("5.1.1 user unknown"))
                    : RoutedRecipient.to(rcpts[i], rcpts[i].address(), "local"));
        }
        queue.route(entry.queueId(), new Routing(tags, Optional.empty(), routed));
        return entry;
    }

    private List<QueueEntry> notifications() {
        return queue.claimNew(10, Duration.ofMinutes(5));
    }

    private String text(QueueEntry entry) throws Exception {
        try (InputStream in = blobs.open(entry.body())) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void tellsTheSenderWithAMultipartReportFromTheNullSender() throws Exception {
        EnvelopeRecipient bart = new EnvelopeRecipient(MailAddress.parse("bart@ima.com"), Set.of(),
                Optional.of("rfc822;bart@ima.com"));
        QueueEntry original = bounceFirst(Optional.of(SENDER), Optional.empty(), bart,
                EnvelopeRecipient.of(MailAddress.parse("lisa@ima.com")));
        assertThat(notifier.runOnce(10)).isEqualTo(1);
        List<QueueEntry> sent = notifications();
        assertThat(sent).hasSize(1);
        QueueEntry ndn = sent.get(0);
        assertThat(ndn.envelope().sender()).isEmpty();
        assertThat(ndn.envelope().client()).isEqualTo(Envelope.LOCAL_CLIENT);
        assertThat(ndn.envelope().recipients()).extracting(EnvelopeRecipient::address).containsExactly(SENDER);
        String text = text(ndn);
        assertThat(text).contains("Content-Type: multipart/report; report-type=delivery-status;",
                "Content-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.ima.com\r\n"
                        + "Original-Envelope-Id: ENV-42\r\n",
                "Original-Recipient: rfc822;bart@ima.com\r\nFinal-Recipient: rfc822; bart@ima.com\r\nAction: failed\r\n"
                        + "Status: 5.1.1\r\n",
                "Content-Type: text/rfc822-headers\r\n\r\nFrom: marge@remote.example\r\nSubject: donuts\r\n")
                .doesNotContain("secret body", "lisa@ima.com");
        assertThat(notifier.runOnce(10)).as("told once").isZero();
        assertThat(queue.find(original.queueId())).as("lisa is still to be delivered").isPresent();
    }

    @Test
    void returnsTheWholeMessageWhenRetIsFull() throws Exception {
        bounceFirst(Optional.of(SENDER), Optional.of(DsnReturn.FULL), EnvelopeRecipient.of(MailAddress.parse("bart@ima.com")));
        notifier.runOnce(10);
        assertThat(text(notifications().get(0))).contains("Content-Type: message/rfc822\r\n\r\n" + MESSAGE);
    }

    @Test
    void neverNotifiesTheNullSenderNorWhenNotifyAsksOtherwiseAndThenRemovesTheEntry() throws Exception {
        QueueEntry never = bounceFirst(Optional.of(SENDER), Optional.empty(),
                new EnvelopeRecipient(MailAddress.parse("bart@ima.com"), Set.of(DsnNotify.NEVER), Optional.empty()));
        QueueEntry delayOnly = bounceFirst(Optional.of(SENDER), Optional.empty(),
                new EnvelopeRecipient(MailAddress.parse("bart@ima.com"), Set.of(DsnNotify.DELAY), Optional.empty()));
        assertThat(notifier.runOnce(10)).isEqualTo(2);
        assertThat(notifications()).isEmpty();
        assertThat(queue.find(never.queueId())).isEmpty();
        assertThat(queue.find(delayOnly.queueId())).isEmpty();
    }

    @Test
    void aFailedNotificationGoesToThePostmasterOnceAndAFailedReportToThePostmasterToNobody() throws Exception {
        QueueEntry fromNull = bounceFirst(Optional.empty(), Optional.empty(),
                EnvelopeRecipient.of(MailAddress.parse("bart@ima.com")));
        notifier.runOnce(10);
        QueueEntry doubleBounce = notifications().get(0);
        assertThat(queue.find(fromNull.queueId())).isEmpty();
        assertThat(doubleBounce.envelope().sender()).isEmpty();
        assertThat(doubleBounce.envelope().recipients()).extracting(EnvelopeRecipient::address)
                .containsExactly(MailAddress.parse("postmaster@ima.com"));
        assertThat(doubleBounce.tags()).containsEntry(BounceNotifier.DOUBLE_BOUNCE_TAG, "yes");
        assertThat(text(doubleBounce)).contains("Subject: Undelivered Mail Returned to Postmaster\r\n",
                "Final-Recipient: rfc822; bart@ima.com\r\nAction: failed\r\nStatus: 5.1.1\r\n");
        queue.route(doubleBounce.queueId(), new Routing(doubleBounce.tags(), Optional.empty(), List.of(
                new RoutedRecipient(doubleBounce.envelope().recipients().get(0), MailAddress.parse("postmaster@ima.com"),
                        Optional.empty(), Optional.of(RecipientState.BOUNCED), Optional.of("5.2.2 mailbox full")))));
        assertThat(notifier.runOnce(10)).isEqualTo(1);
        assertThat(notifications()).as("no report about the report").isEmpty();
        assertThat(queue.find(doubleBounce.queueId())).isEmpty();
    }

    @Test
    void aSenderIsToldOnceThatARecipientIsDelayedUnlessNotifyAsksOtherwise() throws Exception {
        QueueEntry original = bounceFirst(Optional.of(SENDER), Optional.of(DsnReturn.FULL),
                EnvelopeRecipient.of(MailAddress.parse("gone@ima.com")), EnvelopeRecipient.of(MailAddress.parse("bart@ima.com")),
                new EnvelopeRecipient(MailAddress.parse("lisa@ima.com"), Set.of(DsnNotify.FAILURE), Optional.empty()));
        for (var d : queue.claim("local", 10, Duration.ofMinutes(5))) {
            queue.defer(d, "4.2.2 mailbox over quota");
        }
        policy = policy(Duration.ofMillis(1)); // every deferred recipient is now due a warning
        Thread.sleep(5);
        notifier.runOnce(10);
        List<QueueEntry> sent = notifications();
        assertThat(sent).hasSize(2);
        String delay = text(sent.stream().filter(e -> {
            try {
                return text(e).contains("Action: delayed");
            } catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        }).findFirst().orElseThrow());
        assertThat(delay).contains("Subject: Delayed Mail (still being retried)\r\n",
                "Final-Recipient: rfc822; bart@ima.com\r\nAction: delayed\r\nStatus: 4.2.2\r\n"
                        + "Diagnostic-Code: x-iems; 4.2.2 mailbox over quota\r\nWill-Retry-Until: ",
                "Content-Type: text/rfc822-headers").doesNotContain("lisa@ima.com", "secret body");
        Thread.sleep(5);
        notifier.runOnce(10);
        assertThat(notifications()).as("warned once").isEmpty();
        assertThat(queue.find(original.queueId())).isPresent();
    }

    @Test
    void aSpamTaggedMessageAndItsNotificationGetTheSpamTimeToLive() throws Exception {
        QueueEntry spam = bounceFirst(Optional.of(SENDER), Optional.empty(), Map.of("X-IEMS-Spam-Flag", "yes"),
                EnvelopeRecipient.of(MailAddress.parse("gone@ima.com")), EnvelopeRecipient.of(MailAddress.parse("bart@ima.com")));
        QueueEntry stored = queue.find(spam.queueId()).orElseThrow();
        assertThat(stored.expires()).isEqualTo(stored.created().plus(Duration.ofHours(4)));
        notifier.runOnce(10);
        QueueEntry ndn = notifications().get(0);
        assertThat(ndn.tags()).containsEntry("X-IEMS-Spam-Flag", "yes");
        assertThat(ndn.expires()).isEqualTo(ndn.created().plus(Duration.ofHours(4)));
        QueueEntry ham = bounceFirst(Optional.of(SENDER), Optional.empty(), Map.of("X-IEMS-Spam-Flag", "NO"),
                EnvelopeRecipient.of(MailAddress.parse("gone@ima.com")));
        QueueEntry hamStored = queue.find(ham.queueId()).orElseThrow();
        assertThat(hamStored.expires()).isEqualTo(hamStored.created().plus(Duration.ofDays(3)));
    }

    /** Queues a message, routes every recipient to "local" and records the channel's result for each. */
    private QueueEntry deliverAll(Optional<DsnReturn> ret, DeliveryResult result, EnvelopeRecipient... rcpts)
            throws Exception {
        BlobRef body;
        try (BlobWriter w = blobs.create()) {
            w.stream().write(MESSAGE.getBytes(StandardCharsets.UTF_8));
            body = new BlobRef(w.commit(), w.size());
        }
        QueueEntry entry = queue.enqueue(new Envelope(Optional.of(SENDER), List.of(rcpts), Optional.of("ENV-7"), ret,
                BodyType.SEVEN_BIT, false, "192.0.2.1", Optional.empty(), Instant.now()), body, null);
        queue.claimNew(10, Duration.ofMinutes(5));
        queue.route(entry.queueId(), new Routing(Map.of(), Optional.empty(),
                Arrays.stream(rcpts).map(r -> RoutedRecipient.to(r, r.address(), "local")).toList()));
        queue.record(queue.claim("local", 10, Duration.ofMinutes(5)).stream()
                .map(d -> new DeliveryOutcome(d, result)).toList());
        return entry;
    }

    private static EnvelopeRecipient notifyOn(String address, DsnNotify... on) {
        return new EnvelopeRecipient(MailAddress.parse(address), Set.of(on), Optional.of("rfc822;" + address));
    }

    @Test
    void aRecipientThatAskedNotifySuccessHasItsSenderToldOfTheDeliveryWithTheHeaderOnly() throws Exception {
        QueueEntry original = deliverAll(Optional.of(DsnReturn.FULL), new DeliveryResult.Delivered("delivered to INBOX,"
                + " uid 7"), notifyOn("bart@ima.com", DsnNotify.SUCCESS, DsnNotify.FAILURE),
                EnvelopeRecipient.of(MailAddress.parse("lisa@ima.com")));
        assertThat(queue.find(original.queueId())).as("kept until the sender is told").isPresent();
        assertThat(notifier.runOnce(10)).isEqualTo(1);
        List<QueueEntry> sent = notifications();
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).envelope().sender()).isEmpty();
        assertThat(sent.get(0).envelope().recipients()).extracting(EnvelopeRecipient::address).containsExactly(SENDER);
        assertThat(text(sent.get(0))).contains("Subject: Successful Mail Delivery Report\r\n",
                "<bart@ima.com>: delivered\r\n", "Original-Envelope-Id: ENV-7\r\n",
                "Original-Recipient: rfc822;bart@ima.com\r\nFinal-Recipient: rfc822; bart@ima.com\r\n"
                        + "Action: delivered\r\nStatus: 2.0.0\r\n\r\n--",
                "Content-Type: text/rfc822-headers\r\n\r\nFrom: marge@remote.example\r\n")
                .doesNotContain("lisa@ima.com", "secret body", "INBOX", "Diagnostic-Code");
        assertThat(queue.find(original.queueId())).as("removed once told").isEmpty();
        assertThat(notifier.runOnce(10)).as("told once").isZero();
    }

    @Test
    void mailRelayedToAServerWithoutDsnIsReportedRelayedWithItsReply() throws Exception {
        deliverAll(Optional.empty(), new DeliveryResult.Delivered("2.0.0 relay=mx.remote[192.0.2.9]:25, 250 2.0.0 Ok",
                DeliveryResult.Delivered.Kind.RELAYED), notifyOn("homer@remote.test", DsnNotify.SUCCESS));
        notifier.runOnce(10);
        assertThat(text(notifications().get(0))).contains(
                "<homer@remote.test>: relayed: 2.0.0 relay=mx.remote[192.0.2.9]:25, 250 2.0.0 Ok\r\n",
                "Final-Recipient: rfc822; homer@remote.test\r\nAction: relayed\r\nStatus: 2.0.0\r\n"
                        + "Diagnostic-Code: x-iems; 2.0.0 relay=mx.remote[192.0.2.9]:25, 250 2.0.0 Ok\r\n");
    }

    @Test
    void noSuccessNoticeWhenTheNextHopTookTheRequestOnOrNobodyAskedForOne() throws Exception {
        QueueEntry passedOn = deliverAll(Optional.empty(), new DeliveryResult.Delivered("2.0.0 relay=mx.remote",
                DeliveryResult.Delivered.Kind.PASSED_ON), notifyOn("homer@remote.test", DsnNotify.SUCCESS));
        QueueEntry unasked = deliverAll(Optional.empty(), new DeliveryResult.Delivered("delivered to INBOX, uid 8"),
                EnvelopeRecipient.of(MailAddress.parse("bart@ima.com")), notifyOn("lisa@ima.com", DsnNotify.FAILURE));
        assertThat(queue.find(passedOn.queueId())).isEmpty();
        assertThat(queue.find(unasked.queueId())).isEmpty();
        assertThat(notifier.runOnce(10)).isZero();
        assertThat(notifications()).isEmpty();
    }

    @Test
    void anExpandedAliasIsReportedExpandedOnceAndItsMembersNotAtAll() throws Exception {
        BlobRef body;
        try (BlobWriter w = blobs.create()) {
            w.stream().write(MESSAGE.getBytes(StandardCharsets.UTF_8));
            body = new BlobRef(w.commit(), w.size());
        }
        EnvelopeRecipient kids = notifyOn("kids@ima.com", DsnNotify.SUCCESS);
        EnvelopeRecipient member = new EnvelopeRecipient(kids.address(), Set.of(DsnNotify.NEVER),
                kids.originalRecipient());
        QueueEntry entry = queue.enqueue(new Envelope(Optional.of(SENDER), List.of(kids), Optional.empty(),
                Optional.empty(), BodyType.SEVEN_BIT, false, "192.0.2.1", Optional.empty(), Instant.now()), body, null);
        queue.claimNew(10, Duration.ofMinutes(5));
        queue.route(entry.queueId(), new Routing(Map.of(), Optional.empty(), List.of(
                new RoutedRecipient(kids, kids.address(), Optional.empty(), Optional.of(RecipientState.DELIVERED),
                        Optional.of("2.0.0 expanded to 2 recipients")),
                RoutedRecipient.to(member, MailAddress.parse("bart@ima.com"), "local"),
                RoutedRecipient.to(member, MailAddress.parse("lisa@ima.com"), "local"))));
        queue.record(queue.claim("local", 10, Duration.ofMinutes(5)).stream()
                .map(d -> new DeliveryOutcome(d, new DeliveryResult.Delivered("delivered to INBOX"))).toList());
        assertThat(notifier.runOnce(10)).isEqualTo(1);
        List<QueueEntry> sent = notifications();
        assertThat(sent).hasSize(1);
        assertThat(text(sent.get(0))).contains("<kids@ima.com>: expanded\r\n",
                "Final-Recipient: rfc822; kids@ima.com\r\nAction: expanded\r\nStatus: 2.0.0\r\n")
                .doesNotContain("Action: delivered", "bart@ima.com", "lisa@ima.com");
        assertThat(queue.find(entry.queueId())).isEmpty();
    }

    @Test
    void failuresAndSuccessesOfOneMessageAreReportedApart() throws Exception {
        QueueEntry original = bounceFirst(Optional.of(SENDER), Optional.empty(), EnvelopeRecipient.of(
                MailAddress.parse("gone@ima.com")), notifyOn("bart@ima.com", DsnNotify.SUCCESS));
        queue.record(queue.claim("local", 10, Duration.ofMinutes(5)).stream()
                .map(d -> new DeliveryOutcome(d, new DeliveryResult.Delivered("delivered to INBOX, uid 9"))).toList());
        assertThat(notifier.runOnce(10)).isEqualTo(1);
        List<String> texts = new ArrayList<>();
        for (QueueEntry sent : notifications()) {
            texts.add(text(sent));
        }
        assertThat(texts).hasSize(2);
        assertThat(texts).filteredOn(t -> t.contains("Action: failed")).singleElement().asString()
                .contains("Final-Recipient: rfc822; gone@ima.com").doesNotContain("bart@ima.com");
        assertThat(texts).filteredOn(t -> t.contains("Action: delivered")).singleElement().asString()
                .contains("Final-Recipient: rfc822; bart@ima.com").doesNotContain("gone@ima.com");
        assertThat(queue.find(original.queueId())).isEmpty();
    }
}
