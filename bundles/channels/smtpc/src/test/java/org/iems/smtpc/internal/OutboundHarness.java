package org.iems.smtpc.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.iems.api.blob.BlobRef;
import org.iems.api.blob.BlobWriter;
import org.iems.api.mail.MailAddress;
import org.iems.api.queue.BodyType;
import org.iems.api.queue.DsnNotify;
import org.iems.api.queue.Envelope;
import org.iems.api.queue.EnvelopeRecipient;
import org.iems.api.queue.QueueEntry;
import org.iems.api.queue.RecipientStatus;
import org.iems.api.queue.RoutedRecipient;
import org.iems.api.queue.Routing;
import org.iems.queue.testkit.TestQueue;
import org.iems.testsupport.Configs;
import org.iems.testsupport.MemoryBlobStore;

/**
 * The outbound channel with its real neighbours: the Shared Message Queue on an in-memory Derby
 * database, blobs in memory, the scheduler with a given configuration. Retries come after a
 * second, so a deferred recipient is tried again within the test.
 */
final class OutboundHarness implements AutoCloseable {

    static final Duration RETRY = Duration.ofSeconds(1);
    private static final Duration LEASE = Duration.ofMinutes(5);

    final TestQueue queue;
    final MemoryBlobStore blobs;
    private final OutboundScheduler scheduler;

    OutboundHarness(Path dir, Map<String, Object> configuration) throws IOException {
        this(dir, configuration, RETRY);
    }

    /** With this retry time instead: an hour makes any deferral show as mail not delivered in the test. */
    OutboundHarness(Path dir, Map<String, Object> configuration, Duration retry) throws IOException {
        Clock clock = Clock.systemUTC();
        queue = TestQueue.onDerby(clock, retry, retry);
        blobs = new MemoryBlobStore();
        Map<String, Object> config = new HashMap<>(Map.of("helo.name", "iems.test", "dns.servers", "127.0.0.1:9",
                "dns.timeout.seconds", 2, "connection.reuse.seconds", 1));
        config.putAll(configuration);
        scheduler = new OutboundScheduler(queue.channels(), blobs, TrustingTls.socketFactory(), clock,
                SmtpcComponent.settings(Configs.of(SmtpcConfiguration.class, config)));
        scheduler.start();
    }

    /** Queues a message from a@iems.test (or the given sender), every recipient routed to smtp. */
    QueueEntry send(String message, BodyType body, Map<String, String> tags, String... recipients) throws Exception {
        return sendFrom(Optional.of(MailAddress.parse("a@iems.test")), message, body, tags, recipients);
    }

    QueueEntry sendFrom(Optional<MailAddress> sender, String message, BodyType body, Map<String, String> tags,
            String... recipients) throws Exception {
        return enqueue(sender, Set.of(), message, body, tags, recipients);
    }

    /** Queues a message from a@iems.test whose recipients ask for these delivery notices (NOTIFY). */
    QueueEntry sendNotifying(Set<DsnNotify> notify, String message, String... recipients) throws Exception {
        return enqueue(Optional.of(MailAddress.parse("a@iems.test")), notify, message, BodyType.SEVEN_BIT, Map.of(),
                recipients);
    }

    private QueueEntry enqueue(Optional<MailAddress> sender, Set<DsnNotify> notify, String message, BodyType body,
            Map<String, String> tags, String... recipients) throws Exception {
        BlobRef ref;
        try (BlobWriter w = blobs.create()) {
            w.stream().write(message.getBytes(StandardCharsets.UTF_8));
            ref = new BlobRef(w.commit(), w.size());
        }
        List<EnvelopeRecipient> rcpts = Arrays.stream(recipients)
                .map(r -> new EnvelopeRecipient(MailAddress.parse(r), notify, Optional.empty())).toList();
        boolean utf8 = Arrays.stream(recipients).anyMatch(r -> !r.chars().allMatch(c -> c < 128));
        QueueEntry entry = queue.queue().enqueue(new Envelope(sender, rcpts, Optional.empty(), Optional.empty(), body, utf8,
                "192.0.2.1", Optional.empty(), Instant.now()), ref, null);
        queue.intake().claimNew(1, LEASE);
        queue.intake().route(entry.queueId(), new Routing(tags, Optional.empty(),
                rcpts.stream().map(r -> RoutedRecipient.to(r, r.address(), OutboundScheduler.CHANNEL)).toList()));
        return entry;
    }

    /**
     * Waits until the recipient's state satisfies the condition (or the entry is finished and gone),
     * for at most 20 seconds.
     *
     * @return the recipient's status, or empty if the entry is gone (every recipient delivered)
     */
    Optional<RecipientStatus> await(QueueEntry entry, String address, Predicate<RecipientStatus> condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            Optional<QueueEntry> now = queue.queue().find(entry.queueId());
            if (now.isEmpty()) {
                return Optional.empty();
            }
            Optional<RecipientStatus> status = now.get().recipients().stream()
                    .filter(r -> r.address().toString().equals(address)).findFirst();
            if (status.isPresent() && condition.test(status.get())) {
                return status;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("recipient " + address + " never reached the state; now: " + status);
            }
            Thread.sleep(50);
        }
    }

    /** Waits until the entry is gone: every recipient delivered. */
    void awaitGone(QueueEntry entry) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (queue.queue().find(entry.queueId()).isPresent()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("entry never finished: " + queue.queue().find(entry.queueId()));
            }
            Thread.sleep(50);
        }
    }

    List<String> virtualQueues() {
        return scheduler.describeQueues();
    }

    @Override
    public void close() {
        scheduler.stop();
    }
}
