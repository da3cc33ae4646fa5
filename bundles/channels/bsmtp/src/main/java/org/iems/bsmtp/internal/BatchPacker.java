package org.iems.bsmtp.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.iems.api.blob.BlobRef;
import org.iems.api.blob.BlobStore;
import org.iems.api.blob.BlobWriter;
import org.iems.api.mail.MailAddress;
import org.iems.api.queue.BodyType;
import org.iems.api.queue.Delivery;
import org.iems.api.queue.DeliveryOutcome;
import org.iems.api.queue.DeliveryResult;
import org.iems.api.queue.Envelope;
import org.iems.api.queue.EnvelopeRecipient;
import org.iems.api.queue.DeliveryQueue;
import org.iems.api.queue.MessageQueue;
import org.iems.api.queue.QueueEntry;
import org.iems.api.queue.QueueException;
import org.iems.bsmtp.protocol.BatchWriter;
import org.iems.bsmtp.protocol.BatchedMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code bsmtp} channel: takes the recipients routed to it from the queue, packs their
 * messages — each with its own envelope — into {@code application/batch-SMTP} messages (RFC 2442,
 * base64, so every octet survives any transport) and queues each batch for the batch address.
 * The recipients count as delivered once their batch is queued; the batch then travels as mail.
 */
final class BatchPacker {

    static final String CHANNEL = "bsmtp";
    private static final Logger LOG = LoggerFactory.getLogger(BatchPacker.class);
    private static final Duration LEASE = Duration.ofMinutes(10);
    private static final DateTimeFormatter DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final DeliveryQueue deliveries;
    private final MessageQueue queue;
    private final BlobStore blobs;
    private final Clock clock;

    BatchPacker(DeliveryQueue deliveries, MessageQueue queue, BlobStore blobs, Clock clock) {
        this.deliveries = deliveries;
        this.queue = queue;
        this.blobs = blobs;
        this.clock = clock;
    }

    /**
     * Packs what is due now.
     *
     * @param settings the packer's settings
     * @return how many recipients were packed (or deferred)
     */
    int runOnce(PackerSettings settings) {
        if (settings.address().isEmpty()) {
            return 0;
        }
        List<Delivery> claimed = deliveries.claim(CHANNEL, settings.maxMessages() * 10, LEASE);
        Map<String, List<Delivery>> byMessage = new LinkedHashMap<>();
        for (Delivery d : claimed) {
            byMessage.computeIfAbsent(d.entry().queueId(), k -> new ArrayList<>()).add(d);
        }
        List<List<Delivery>> batch = new ArrayList<>();
        long bytes = 0;
        for (List<Delivery> message : byMessage.values()) {
            long size = message.get(0).entry().size();
            if (!batch.isEmpty() && (batch.size() >= settings.maxMessages() || bytes + size > settings.maxBytes())) {
                pack(batch, settings);
                batch = new ArrayList<>();
                bytes = 0;
            }
            batch.add(message);
            bytes += size;
        }
        if (!batch.isEmpty()) {
            pack(batch, settings);
        }
        return claimed.size();
    }

    private void pack(List<List<Delivery>> messages, PackerSettings settings) {
        MailAddress to = settings.address().orElseThrow();
        List<Delivery> all = messages.stream().flatMap(List::stream).toList();
        DeliveryResult result;
        try {
            BlobRef body;
            try (BlobWriter writer = blobs.create()) {
                write(writer.stream(), messages, settings);
                body = new BlobRef(writer.commit(), writer.size());
            }
            Envelope envelope = new Envelope(Optional.of(settings.sender()), List.of(EnvelopeRecipient.of(to)),
                    Optional.empty(), Optional.empty(), BodyType.SEVEN_BIT, false,
                    Envelope.LOCAL_CLIENT, Optional.empty(), clock.instant());
            String id = queue.enqueue(envelope, body, null).queueId();
            LOG.info("{}: batch of {} message(s), {} recipient(s) for <{}>", id, messages.size(), all.size(), to);
            // the batch carries each recipient's NOTIFY to the unpacking side, which reports success
            result = new DeliveryResult.Delivered("2.0.0 packed into batch " + id + " for <" + to + ">",
                    DeliveryResult.Delivered.Kind.PASSED_ON);
        } catch (IOException | QueueException e) {
            result = new DeliveryResult.TemporaryFailure("4.3.0 cannot queue the batch: " + e.getMessage());
        }
        DeliveryResult outcome = result;
        deliveries.record(all.stream().map(d -> new DeliveryOutcome(d, outcome)).toList());
    }

    private void write(OutputStream out, List<List<Delivery>> messages, PackerSettings settings) throws IOException {
        String header = "From: <" + settings.sender() + ">\r\n"
                + "To: <" + settings.address().orElseThrow() + ">\r\n"
                + "Subject: Batch SMTP, " + messages.size() + " message(s)\r\n"
                + "Date: " + DATE.format(clock.instant()) + "\r\n"
                + "Message-ID: <" + UUID.randomUUID() + "@" + settings.heloName() + ">\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: application/batch-SMTP\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n";
        out.write(header.getBytes(StandardCharsets.UTF_8));
        OutputStream encoded = Base64.getMimeEncoder(76, new byte[] {'\r', '\n'})
                .wrap(new NonClosingOutputStream(out));
        BatchWriter batch = new BatchWriter(encoded, settings.heloName());
        for (List<Delivery> message : messages) {
            QueueEntry entry = message.get(0).entry();
            List<EnvelopeRecipient> recipients = message.stream().map(d -> new EnvelopeRecipient(d.recipient().address(),
                    d.recipient().original().notifyOn(), d.recipient().original().originalRecipient())).toList();
            BatchedMessage envelope = new BatchedMessage(entry.envelope().sender(), recipients,
                    entry.envelope().envelopeId(), entry.envelope().ret(), entry.envelope().body(),
                    entry.envelope().smtpUtf8());
            try (InputStream text = blobs.open(entry.body())) {
                batch.add(envelope, text);
            }
        }
        batch.finish();
        encoded.close();
        out.write(new byte[] {'\r', '\n'});
    }
}
