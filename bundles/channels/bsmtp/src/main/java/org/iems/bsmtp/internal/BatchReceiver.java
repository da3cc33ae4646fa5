package org.iems.bsmtp.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.iems.api.blob.BlobRef;
import org.iems.api.blob.BlobStore;
import org.iems.api.blob.BlobWriter;
import org.iems.api.mail.MailAddress;
import org.iems.api.queue.Delivery;
import org.iems.api.queue.DeliveryChannel;
import org.iems.api.queue.DeliveryResult;
import org.iems.api.queue.Envelope;
import org.iems.api.queue.MessageQueue;
import org.iems.api.queue.QueueException;
import org.iems.bsmtp.protocol.BatchContent;
import org.iems.bsmtp.protocol.BatchFormatException;
import org.iems.bsmtp.protocol.BatchReader;
import org.iems.bsmtp.protocol.BatchedMessage;

/**
 * The {@code bsmtp-in} channel: a batch arriving for its address (the preprocessor's channel map
 * routes that address here) is unpacked, each message into the queue with its original envelope.
 * Only batches from an accepted sender are unpacked; others, and malformed batches, bounce to
 * their sender. Unpacked messages get queue ids made from the batch's delivery key, so a batch
 * unpacked again after a crash does not queue its messages twice.
 */
final class BatchReceiver implements DeliveryChannel {

    static final String CHANNEL = "bsmtp-in";

    private final MessageQueue queue;
    private final BlobStore blobs;
    private final Supplier<Set<String>> acceptedSenders;
    private final Clock clock;

    BatchReceiver(MessageQueue queue, BlobStore blobs, Supplier<Set<String>> acceptedSenders, Clock clock) {
        this.queue = queue;
        this.blobs = blobs;
        this.acceptedSenders = acceptedSenders;
        this.clock = clock;
    }

    @Override
    public String name() {
        return CHANNEL;
    }

    @Override
    public DeliveryResult deliver(Delivery delivery) {
        Optional<MailAddress> sender = delivery.entry().envelope().sender();
        if (sender.isEmpty() || !acceptedSenders.get().contains(sender.get().key())) {
            return new DeliveryResult.PermanentFailure("5.7.1", "batches from <" + sender.map(Object::toString).orElse("")
                    + "> are not accepted here");
        }
        List<String> ids = new ArrayList<>();
        try (InputStream message = blobs.open(delivery.entry().body())) {
            BatchReader.read(BatchContent.open(message), new Unpacker(delivery, ids));
        } catch (BatchFormatException e) {
            return new DeliveryResult.PermanentFailure("5.6.0", "not a valid batch: " + e.getMessage());
        } catch (IOException e) {
            return new DeliveryResult.TemporaryFailure("4.3.0 cannot unpack the batch: " + e.getMessage());
        }
        return new DeliveryResult.Delivered("2.0.0 unpacked " + ids.size() + " message(s): " + String.join(" ", ids));
    }

    /** Writes each message's text to a blob and queues it with its envelope. */
    private final class Unpacker implements BatchReader.Handler {

        private final Delivery batch;
        private final List<String> ids;
        private BlobWriter writer;

        Unpacker(Delivery batch, List<String> ids) {
            this.batch = batch;
            this.ids = ids;
        }

        @Override
        public OutputStream text() throws IOException {
            writer = blobs.create();
            return new NonClosingOutputStream(writer.stream());
        }

        @Override
        public void message(BatchedMessage m) throws IOException {
            String id = queueId(batch.deliveryKey(), ids.size());
            try (BlobWriter text = writer) {
                BlobRef body = new BlobRef(text.commit(), text.size());
                if (queue.find(id).isEmpty()) {
                    queue.enqueue(new Envelope(m.sender(), m.recipients(), m.envelopeId(), m.ret(), m.body(),
                            m.smtpUtf8(), batch.entry().envelope().client(), Optional.empty(), clock.instant()), body, id);
                }
                ids.add(id);
            } catch (QueueException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
    }

    /** A queue id for the n-th message of a batch delivery, the same each time the batch is unpacked. */
    static String queueId(String deliveryKey, int n) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest((deliveryKey + "#" + n)
                    .getBytes(StandardCharsets.UTF_8));
            return "B" + HexFormat.of().formatHex(hash, 0, 12).toUpperCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
