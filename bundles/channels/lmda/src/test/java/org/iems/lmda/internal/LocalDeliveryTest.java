package org.iems.lmda.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.iems.api.blob.BlobRef;
import org.iems.api.blob.BlobStore;
import org.iems.api.blob.BlobWriter;
import org.iems.api.mail.MailAddress;
import org.iems.api.queue.BodyType;
import org.iems.api.queue.Delivery;
import org.iems.api.queue.Envelope;
import org.iems.api.queue.EnvelopeRecipient;
import org.iems.api.queue.QueueEntry;
import org.iems.api.queue.RecipientState;
import org.iems.api.queue.RoutedRecipient;
import org.iems.api.queue.Routing;
import org.iems.api.store.StoredMessage;
import org.iems.queue.testkit.TestQueue;
import org.iems.store.testkit.TestStore;
import org.iems.testsupport.SettableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Queue → dispatcher → local channel → store, the real parts on in-memory Derby databases. */
class LocalDeliveryTest {

    private static final MailAddress BART = MailAddress.parse("bart@ima.com");
    private static final Duration LEASE = Duration.ofMinutes(5);

    @TempDir
    Path blobDir;

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-23T01:00:00Z"));
    private TestQueue queue;
    private TestStore store;
    private BlobStore blobs;
    private LocalDelivery local;

    @BeforeEach
    void setUp() throws IOException {
        queue = TestQueue.onDerby(clock);
        store = TestStore.onDerby(clock);
        blobs = TestStore.blobsIn(blobDir, clock, queue.blobHolder(), store.blobHolder());
        local = new LocalDelivery(store.store());
    }

    private QueueEntry receiveRoutedToBart(String message) throws Exception {
        return receiveRoutedToBart(message, Optional.of(MailAddress.parse("a@remote.example")));
    }

    private QueueEntry receiveRoutedToBart(String message, Optional<MailAddress> sender) throws Exception {
        BlobRef body;
        try (BlobWriter w = blobs.create()) {
            w.stream().write(message.getBytes(StandardCharsets.UTF_8));
            body = new BlobRef(w.commit(), w.size());
        }
        EnvelopeRecipient rcpt = EnvelopeRecipient.of(BART);
        QueueEntry entry = queue.queue().enqueue(new Envelope(sender, List.of(rcpt),
                Optional.empty(), Optional.empty(), BodyType.SEVEN_BIT, false, "192.0.2.1", Optional.empty(),
                Instant.parse("2026-11-23T00:59:58Z")), body, null);
        queue.intake().claimNew(1, LEASE);
        queue.intake().route(entry.queueId(), new Routing(Map.of(), Optional.empty(), List.of(RoutedRecipient.to(rcpt, BART, "local"))));
        return entry;
    }

    private List<StoredMessage> storedMessages() throws IOException {
        return store.store().messages(BART, "INBOX", 1, 1000);
    }

    @Test
    void deliversTheExactBytesToTheInboxAndFinishesTheEntry() throws Exception {
        String message = "Received: from x by y; Mon, 23 Nov 2026 00:59:58 +0000\r\nSubject: hi\r\n\r\nhello\r\n";
        QueueEntry entry = receiveRoutedToBart(message);
        assertThat(queue.dispatch(local, 10, LEASE)).isEqualTo(1);
        List<StoredMessage> stored = storedMessages();
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).internalDate()).as("internal date = time of receipt").isEqualTo(Instant.parse("2026-11-23T00:59:58Z"));
        try (InputStream in = blobs.open(stored.get(0).body())) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).as("the queue's blob, shared")
                    .isEqualTo(message);
        }
        String returnPath = "Return-Path: <a@remote.example>\r\n";
        assertThat(stored.get(0).deliveryHeaders()).as("RFC 5321 4.4: final delivery adds the return path").isEqualTo(returnPath);
        assertThat(stored.get(0).size()).isEqualTo((long) (returnPath.length() + message.length()));
        assertThat(queue.queue().find(entry.queueId())).isEmpty();
        clock.advance(Duration.ofHours(2));
        assertThat(blobs.collectGarbage()).as("the store still holds the body").isZero();
    }

    @Test
    void aNotificationGetsAnEmptyReturnPath() throws Exception {
        receiveRoutedToBart("Subject: undeliverable\r\n\r\nsorry\r\n", Optional.empty());
        assertThat(queue.dispatch(local, 10, LEASE)).isEqualTo(1);
        assertThat(storedMessages()).singleElement().satisfies(m -> assertThat(m.deliveryHeaders()).isEqualTo("Return-Path: <>\r\n"));
    }

    @Test
    void overQuotaIsRetriedUntilThereIsRoom() throws Exception {
        store.limit(BART, 10, 0);
        QueueEntry entry = receiveRoutedToBart("Subject: too big for now\r\n\r\nxxxxxxxxxxxxxxxx\r\n");
        queue.dispatch(local, 10, LEASE);
        assertThat(storedMessages()).isEmpty();
        assertThat(queue.queue().find(entry.queueId()).orElseThrow().recipients().get(0).lastResult().orElseThrow()).startsWith("4.2.2");
        store.limit(BART, 0, 0);
        clock.advance(Duration.ofMinutes(5));
        queue.dispatch(local, 10, LEASE);
        assertThat(storedMessages()).hasSize(1);
        assertThat(queue.queue().find(entry.queueId())).isEmpty();
    }

    @Test
    void aDeliveryInterruptedBeforeItWasRecordedIsNotStoredTwice() throws Exception {
        QueueEntry entry = receiveRoutedToBart("Subject: once\r\n\r\nonly once\r\n");
        // the worker stores the message, then dies before telling the queue
        Delivery claimed = queue.channels().claim("local", 10, LEASE).get(0);
        local.deliver(claimed);
        assertThat(storedMessages()).hasSize(1);
        clock.advance(LEASE.plusSeconds(1));
        assertThat(queue.dispatch(local, 10, LEASE)).as("the lease ran out: retried").isEqualTo(1);
        assertThat(storedMessages()).as("stored exactly once").hasSize(1);
        assertThat(queue.queue().find(entry.queueId())).isEmpty();
    }

    @Test
    void aChannelThatThrowsDefersInsteadOfLosing() throws Exception {
        QueueEntry entry = receiveRoutedToBart("Subject: x\r\n\r\nx\r\n");
        queue.dispatch(new org.iems.api.queue.DeliveryChannel() {
            @Override
            public String name() {
                return "local";
            }

            @Override
            public org.iems.api.queue.DeliveryResult deliver(Delivery delivery) {
                throw new IllegalStateException("store bundle stopping");
            }
        }, 10, LEASE);
        var status = queue.queue().find(entry.queueId()).orElseThrow().recipients().get(0);
        assertThat(status.state()).isEqualTo(RecipientState.QUEUED);
        assertThat(status.lastResult().orElseThrow()).contains("store bundle stopping");
    }
}
