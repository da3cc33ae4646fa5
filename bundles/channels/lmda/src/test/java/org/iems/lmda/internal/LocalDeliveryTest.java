package org.iems.lmda.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.iems.api.blob.BlobId;
import org.iems.api.blob.BlobRef;
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
import org.iems.api.storage.JdbcSchemaMigrations;
import org.iems.queue.internal.Dispatcher;
import org.iems.queue.internal.JdbcMessageQueue;
import org.iems.queue.internal.QueueSchema;
import org.iems.queue.internal.RetryPolicy;
import org.iems.store.internal.blob.FileBlobStore;
import org.iems.store.internal.mailbox.JdbcMessageStore;
import org.iems.store.internal.mailbox.Quota;
import org.iems.store.internal.mailbox.StoreSchema;
import org.iems.testsupport.SettableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Queue → dispatcher → local channel → store, with the real parts on one Derby database. */
class LocalDeliveryTest {

    private static final MailAddress BART = MailAddress.parse("bart@ima.com");
    private static final Duration LEASE = Duration.ofMinutes(5);

    @TempDir
    Path blobDir;

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-23T01:00:00Z"));
    private final Map<MailAddress, Quota> quotas = new HashMap<>();
    private EmbeddedDataSource ds;
    private JdbcMessageQueue queue;
    private JdbcMessageStore store;
    private FileBlobStore blobs;
    private LocalDelivery local;
    private Dispatcher dispatcher;


    @BeforeEach
    void setUp() throws IOException {
        ds = new EmbeddedDataSource();
        ds.setDatabaseName("memory:" + UUID.randomUUID());
        ds.setCreateDatabase("create");
        JdbcSchemaMigrations migrations = JdbcSchemaMigrations.open(ds);
        migrations.migrate(QueueSchema.OWNER, QueueSchema.MIGRATIONS);
        migrations.migrate(StoreSchema.OWNER, StoreSchema.MIGRATIONS);
        queue = new JdbcMessageQueue(ds, clock,
                () -> new RetryPolicy(Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofDays(3)), "test");
        store = new JdbcMessageStore(ds, a -> quotas.getOrDefault(a, Quota.UNLIMITED), clock);
        blobs = new FileBlobStore(blobDir, () -> Duration.ofHours(1), clock, () -> List.of(queue, store), () -> true);
        local = new LocalDelivery(store);
        dispatcher = new Dispatcher(queue, LEASE);
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
        QueueEntry entry = queue.enqueue(new Envelope(sender, List.of(rcpt),
                Optional.empty(), Optional.empty(), BodyType.SEVEN_BIT, false, "192.0.2.1", Optional.empty(),
                Instant.parse("2026-11-23T00:59:58Z")), body, null);
        queue.claimNew(1, LEASE);
        queue.route(entry.queueId(), new Routing(Map.of(), Optional.empty(), List.of(RoutedRecipient.to(rcpt, BART, "local"))));
        return entry;
    }

    private List<Object[]> storedMessages() throws Exception {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT m.uid, m.blob_id, m.internal_date, m.delivery_headers,"
                        + " m.size FROM st_message m"
                        + " JOIN st_mailbox b ON b.id = m.mailbox_id WHERE b.account_key = ? AND b.name = 'INBOX' ORDER BY m.uid");
                ) {
            ps.setString(1, BART.key());
            try (ResultSet rs = ps.executeQuery()) {
                List<Object[]> rows = new java.util.ArrayList<>();
                while (rs.next()) {
                    rows.add(new Object[] {rs.getLong(1), rs.getString(2).strip(), rs.getTimestamp(3).toInstant(),
                        rs.getString(4), rs.getLong(5)});
                }
                return rows;
            }
        }
    }

    @Test
    void deliversTheExactBytesToTheInboxAndFinishesTheEntry() throws Exception {
        String message = "Received: from x by y; Mon, 23 Nov 2026 00:59:58 +0000\r\nSubject: hi\r\n\r\nhello\r\n";
        QueueEntry entry = receiveRoutedToBart(message);
        assertThat(dispatcher.runOnce(local, 10)).isEqualTo(1);
        List<Object[]> stored = storedMessages();
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0)[2]).as("internal date = time of receipt").isEqualTo(Instant.parse("2026-11-23T00:59:58Z"));
        try (InputStream in = blobs.open(new BlobId((String) stored.get(0)[1]))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).as("the queue's blob, shared")
                    .isEqualTo(message);
        }
        String returnPath = "Return-Path: <a@remote.example>\r\n";
        assertThat(stored.get(0)[3]).as("RFC 5321 4.4: final delivery adds the return path").isEqualTo(returnPath);
        assertThat(stored.get(0)[4]).isEqualTo((long) (returnPath.length() + message.length()));
        assertThat(queue.find(entry.queueId())).isEmpty();
        clock.advance(Duration.ofHours(2));
        assertThat(blobs.collectGarbage()).as("the store still holds the body").isZero();
    }

    @Test
    void aNotificationGetsAnEmptyReturnPath() throws Exception {
        receiveRoutedToBart("Subject: undeliverable\r\n\r\nsorry\r\n", Optional.empty());
        assertThat(dispatcher.runOnce(local, 10)).isEqualTo(1);
        assertThat(storedMessages()).singleElement().satisfies(row -> assertThat(row[3]).isEqualTo("Return-Path: <>\r\n"));
    }

    @Test
    void overQuotaIsRetriedUntilThereIsRoom() throws Exception {
        quotas.put(BART, new Quota(10, 0));
        QueueEntry entry = receiveRoutedToBart("Subject: too big for now\r\n\r\nxxxxxxxxxxxxxxxx\r\n");
        dispatcher.runOnce(local, 10);
        assertThat(storedMessages()).isEmpty();
        assertThat(queue.find(entry.queueId()).orElseThrow().recipients().get(0).lastResult().orElseThrow()).startsWith("4.2.2");
        quotas.put(BART, new Quota(0, 0));
        clock.advance(Duration.ofMinutes(5));
        dispatcher.runOnce(local, 10);
        assertThat(storedMessages()).hasSize(1);
        assertThat(queue.find(entry.queueId())).isEmpty();
    }

    @Test
    void aDeliveryInterruptedBeforeItWasRecordedIsNotStoredTwice() throws Exception {
        QueueEntry entry = receiveRoutedToBart("Subject: once\r\n\r\nonly once\r\n");
        // the worker stores the message, then dies before telling the queue
        Delivery claimed = queue.claim("local", 10, LEASE).get(0);
        local.deliver(claimed);
        assertThat(storedMessages()).hasSize(1);
        clock.advance(LEASE.plusSeconds(1));
        assertThat(dispatcher.runOnce(local, 10)).as("the lease ran out: retried").isEqualTo(1);
        assertThat(storedMessages()).as("stored exactly once").hasSize(1);
        assertThat(queue.find(entry.queueId())).isEmpty();
    }

    @Test
    void aChannelThatThrowsDefersInsteadOfLosing() throws Exception {
        QueueEntry entry = receiveRoutedToBart("Subject: x\r\n\r\nx\r\n");
        dispatcher.runOnce(new org.iems.api.queue.DeliveryChannel() {
            @Override
            public String name() {
                return "local";
            }

            @Override
            public org.iems.api.queue.DeliveryResult deliver(Delivery delivery) {
                throw new IllegalStateException("store bundle stopping");
            }
        }, 10);
        var status = queue.find(entry.queueId()).orElseThrow().recipients().get(0);
        assertThat(status.state()).isEqualTo(RecipientState.QUEUED);
        assertThat(status.lastResult().orElseThrow()).contains("store bundle stopping");
    }
}
