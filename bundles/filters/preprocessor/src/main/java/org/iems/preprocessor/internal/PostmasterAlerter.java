package org.iems.preprocessor.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.iems.api.blob.BlobRef;
import org.iems.api.blob.BlobStore;
import org.iems.api.blob.BlobWriter;
import org.iems.api.mail.DomainName;
import org.iems.api.mail.MailAddress;
import org.iems.api.queue.BodyType;
import org.iems.api.queue.Envelope;
import org.iems.api.queue.EnvelopeRecipient;
import org.iems.api.queue.MessageQueue;
import org.iems.api.queue.QueueException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mails alerts to {@code postmaster@<local domain>} through the queue, from the null sender (so
 * they never bounce), at most once per subject within the quiet period.
 */
final class PostmasterAlerter implements Alerter {

    private static final Logger LOG = LoggerFactory.getLogger(PostmasterAlerter.class);
    private static final DateTimeFormatter DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final MessageQueue queue;
    private final BlobStore blobs;
    private final Supplier<DomainName> localDomain;
    private final Duration quietPeriod;
    private final Clock clock;
    private final Map<String, Instant> lastSent = new ConcurrentHashMap<>();

    PostmasterAlerter(MessageQueue queue, BlobStore blobs, Supplier<DomainName> localDomain, Duration quietPeriod,
            Clock clock) {
        this.queue = queue;
        this.blobs = blobs;
        this.localDomain = localDomain;
        this.quietPeriod = quietPeriod;
        this.clock = clock;
    }

    @Override
    public void alert(String subject, String text) {
        Instant now = clock.instant();
        Instant last = lastSent.get(subject);
        if (last != null && now.isBefore(last.plus(quietPeriod))) {
            return;
        }
        lastSent.put(subject, now);
        MailAddress postmaster = MailAddress.of("postmaster", localDomain.get());
        String message = "From: IEMS <MAILER-DAEMON@" + localDomain.get() + ">\r\n"
                + "To: <" + postmaster + ">\r\n"
                + "Subject: [IEMS] " + subject + "\r\n"
                + "Date: " + DATE.format(now) + "\r\n"
                + "Message-ID: <" + UUID.randomUUID() + "@" + localDomain.get() + ">\r\n"
                + "Auto-Submitted: auto-generated\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n"
                + "\r\n" + text.replace("\r\n", "\n").replace("\n", "\r\n") + "\r\n";
        try (BlobWriter writer = blobs.create()) {
            OutputStream out = writer.stream();
            out.write(message.getBytes(StandardCharsets.UTF_8));
            BlobRef body = new BlobRef(writer.commit(), writer.size());
            Envelope envelope = new Envelope(Optional.empty(), List.of(EnvelopeRecipient.of(postmaster)), Optional.empty(),
                    Optional.empty(), BodyType.EIGHT_BIT_MIME, false, Envelope.LOCAL_CLIENT, Optional.empty(), now);
            queue.enqueue(envelope, body, null);
        } catch (IOException | QueueException e) {
            LOG.error("Cannot send the postmaster the alert '{}': {}", subject, e.getMessage());
        }
    }
}
