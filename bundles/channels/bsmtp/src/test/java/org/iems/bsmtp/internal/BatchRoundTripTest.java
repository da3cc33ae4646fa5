package org.iems.bsmtp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.iems.api.blob.BlobRef;
import org.iems.api.blob.BlobWriter;
import org.iems.api.mail.MailAddress;
import org.iems.api.queue.BodyType;
import org.iems.api.queue.Delivery;
import org.iems.api.queue.DeliveryResult;
import org.iems.api.queue.DsnNotify;
import org.iems.api.queue.DsnReturn;
import org.iems.api.queue.Envelope;
import org.iems.api.queue.EnvelopeRecipient;
import org.iems.api.queue.QueueEntry;
import org.iems.api.queue.RecipientState;
import org.iems.api.queue.RoutedRecipient;
import org.iems.api.queue.Routing;
import org.iems.queue.testkit.TestQueue;
import org.iems.testsupport.MemoryBlobStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Batch SMTP on the real queue and blob store: messages routed to {@code bsmtp} are packed into
 * one batch; the batch, routed to {@code bsmtp-in}, comes back as the same messages with the same
 * envelopes, byte for byte.
 */
class BatchRoundTripTest {

    private static final Duration LEASE = Duration.ofMinutes(5);
    private static final MailAddress INBOX = MailAddress.parse("bsmtp-in@ima.com");
    private static final MailAddress GATEWAY = MailAddress.parse("postmaster@ima.com");

    private TestQueue queue;
    private MemoryBlobStore blobs;
    private BatchPacker packer;
    private BatchReceiver receiver;
    private final PackerSettings settings = new PackerSettings(Optional.of(INBOX), GATEWAY, Duration.ofSeconds(1), 10,
            10_000_000, "iems.test");

    @BeforeEach
    void setUp() throws Exception {
        queue = TestQueue.onDerby(Clock.systemUTC());
        blobs = new MemoryBlobStore();
        packer = new BatchPacker(queue.channels(), queue.queue(), blobs, Clock.systemUTC());
        receiver = new BatchReceiver(queue.queue(), blobs, () -> Set.of(GATEWAY.key()), Clock.systemUTC());
    }

    private QueueEntry queued(Envelope envelope, String text, String channel) throws Exception {
        BlobRef body;
        try (BlobWriter w = blobs.create()) {
            w.stream().write(text.getBytes(StandardCharsets.UTF_8));
            body = new BlobRef(w.commit(), w.size());
        }
        QueueEntry entry = queue.queue().enqueue(envelope, body, null);
        queue.intake().claimNew(100, LEASE);
        queue.intake().route(entry.queueId(), new Routing(Map.of(), Optional.empty(), envelope.recipients().stream()
                .map(r -> RoutedRecipient.to(r, r.address(), channel)).toList()));
        return queue.queue().find(entry.queueId()).orElseThrow();
    }

    private static Envelope envelope(Optional<MailAddress> sender, BodyType body, EnvelopeRecipient... recipients) {
        return new Envelope(sender, List.of(recipients), Optional.of("E-1"), Optional.of(DsnReturn.HEADERS), body, false,
                "192.0.2.1", Optional.empty(), Instant.now());
    }

    private String text(QueueEntry entry) throws Exception {
        try (InputStream in = blobs.open(entry.body())) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The NEW entries the queue holds, as the preprocessor would claim them. */
    private List<QueueEntry> newEntries() {
        return queue.intake().claimNew(100, LEASE);
    }

    @Test
    void messagesComeBackFromTheirBatchWithTheirEnvelopes() throws Exception {
        Envelope first = envelope(Optional.of(MailAddress.parse("a@iems.test")), BodyType.EIGHT_BIT_MIME,
                new EnvelopeRecipient(MailAddress.parse("b@batch.test"), Set.of(DsnNotify.FAILURE),
                        Optional.of("rfc822;b@batch.test")), EnvelopeRecipient.of(MailAddress.parse("c@batch.test")));
        Envelope second = envelope(Optional.empty(), BodyType.SEVEN_BIT, EnvelopeRecipient.of(MailAddress.parse(
                "d@batch.test")));
        String text1 = "Subject: one\r\n\r\n.dot\r\nUn caf\u00e9\r\n";
        String text2 = "Subject: two\r\n\r\n" + "x".repeat(3000) + "\r\n";
        QueueEntry one = queued(first, text1, BatchPacker.CHANNEL);
        QueueEntry two = queued(second, text2, BatchPacker.CHANNEL);

        assertThat(packer.runOnce(settings)).isEqualTo(3);
        assertThat(queue.queue().find(one.queueId())).as("delivered into the batch").isEmpty();
        assertThat(queue.queue().find(two.queueId())).isEmpty();
        QueueEntry batch = newEntries().get(0);
        assertThat(batch.envelope().sender()).contains(GATEWAY);
        assertThat(batch.envelope().recipients()).extracting(EnvelopeRecipient::address).containsExactly(INBOX);
        assertThat(text(batch)).contains("Content-Type: application/batch-SMTP\r\nContent-Transfer-Encoding: base64\r\n");

        queue.intake().route(batch.queueId(), new Routing(Map.of(), Optional.empty(), List.of(RoutedRecipient.to(
                batch.envelope().recipients().get(0), INBOX, BatchReceiver.CHANNEL))));
        Delivery delivery = queue.channels().claim(BatchReceiver.CHANNEL, 10, LEASE).get(0);
        DeliveryResult result = receiver.deliver(delivery);
        assertThat(result).isInstanceOf(DeliveryResult.Delivered.class);
        assertThat(receiver.deliver(delivery)).as("unpacking again queues nothing twice").isEqualTo(result);
        List<QueueEntry> unpacked = newEntries();
        assertThat(unpacked).hasSize(2);
        QueueEntry back1 = unpacked.stream().filter(e -> e.envelope().sender().isPresent()).findFirst().orElseThrow();
        QueueEntry back2 = unpacked.stream().filter(e -> e.envelope().sender().isEmpty()).findFirst().orElseThrow();
        assertThat(back1.envelope().recipients()).isEqualTo(first.recipients());
        assertThat(back1.envelope().envelopeId()).contains("E-1");
        assertThat(back1.envelope().ret()).contains(DsnReturn.HEADERS);
        assertThat(back1.envelope().body()).isEqualTo(BodyType.EIGHT_BIT_MIME);
        assertThat(back1.envelope().client()).isEqualTo(Envelope.LOCAL_CLIENT);
        assertThat(text(back1)).isEqualTo(text1);
        assertThat(back2.envelope().recipients()).isEqualTo(second.recipients());
        assertThat(text(back2)).isEqualTo(text2);
    }

    @Test
    void batchesFromOtherSendersAndMalformedOnesBounce() throws Exception {
        String batch = "Content-Type: application/batch-SMTP\r\n\r\nMAIL FROM:<a@b.test>\r\nRCPT TO:<c@d.test>\r\n"
                + "DATA\r\nx\r\n.\r\nQUIT\r\n";
        queued(envelope(Optional.of(MailAddress.parse("stranger@evil.test")), BodyType.SEVEN_BIT,
                EnvelopeRecipient.of(INBOX)), batch, BatchReceiver.CHANNEL);
        queued(envelope(Optional.of(GATEWAY), BodyType.SEVEN_BIT, EnvelopeRecipient.of(INBOX)),
                "Content-Type: application/batch-SMTP\r\n\r\nVRFY x\r\n", BatchReceiver.CHANNEL);
        List<DeliveryResult> results = queue.channels().claim(BatchReceiver.CHANNEL, 10, LEASE).stream().map(receiver::deliver)
                .toList();
        assertThat(results).containsExactly(
                new DeliveryResult.PermanentFailure("5.7.1", "batches from <stranger@evil.test> are not accepted here"),
                new DeliveryResult.PermanentFailure("5.6.0", "not a valid batch: not a batch SMTP command: VRFY x"));
        assertThat(newEntries()).isEmpty();
    }

    @Test
    void withoutABatchAddressTheMailWaits() throws Exception {
        QueueEntry waiting = queued(envelope(Optional.empty(), BodyType.SEVEN_BIT, EnvelopeRecipient.of(
                MailAddress.parse("d@batch.test"))), "Subject: s\r\n\r\nx\r\n", BatchPacker.CHANNEL);
        PackerSettings off = new PackerSettings(Optional.empty(), GATEWAY, Duration.ofSeconds(1), 10, 1000, "x");
        assertThat(packer.runOnce(off)).isZero();
        assertThat(queue.queue().find(waiting.queueId()).orElseThrow().recipients().get(0).state())
                .isEqualTo(RecipientState.QUEUED);
    }

    @Test
    void aBatchIsClosedAtItsMessageLimit() throws Exception {
        for (int i = 0; i < 5; i++) {
            queued(envelope(Optional.empty(), BodyType.SEVEN_BIT, EnvelopeRecipient.of(MailAddress.parse("d" + i
                    + "@batch.test"))), "Subject: " + i + "\r\n\r\nx\r\n", BatchPacker.CHANNEL);
        }
        packer.runOnce(new PackerSettings(Optional.of(INBOX), GATEWAY, Duration.ofSeconds(1), 2, 10_000_000, "x"));
        assertThat(newEntries()).hasSize(3);
    }
}
