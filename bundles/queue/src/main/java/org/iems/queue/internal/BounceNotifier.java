package org.iems.queue.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.iems.api.blob.BlobRef;
import org.iems.api.blob.BlobStore;
import org.iems.api.blob.BlobWriter;
import org.iems.api.mail.DomainName;
import org.iems.api.mail.MailAddress;
import org.iems.api.queue.BodyType;
import org.iems.api.queue.DsnNotify;
import org.iems.api.queue.DsnReturn;
import org.iems.api.queue.Envelope;
import org.iems.api.queue.EnvelopeRecipient;
import org.iems.api.queue.QueueEntry;
import org.iems.api.queue.QueueException;
import org.iems.api.queue.RecipientStatus;
import org.iems.queue.internal.JdbcMessageQueue.UnnotifiedFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells senders about recipients that bounced or expired, with a delivery status notification
 * (RFC 3464 multipart/report, RFC 3461 NOTIFY and RET honoured) put into the queue from the null
 * sender, so it can never bounce in turn. No notification goes to the null sender, nor when
 * every failed recipient asked NOTIFY=NEVER or did not ask for FAILURE.
 */
final class BounceNotifier {

    private static final Logger LOG = LoggerFactory.getLogger(BounceNotifier.class);
    private static final DateTimeFormatter DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    /** The original header is returned up to this size (RET=HDRS, the default). */
    private static final int MAX_HEADER = 64 * 1024;
    /** The whole original is returned (RET=FULL) only up to this size; larger, its header only. */
    private static final long MAX_FULL = 10L * 1024 * 1024;

    private final JdbcMessageQueue queue;
    private final BlobStore blobs;
    private final Supplier<DomainName> localDomain;
    private final String reportingMta;
    private final Clock clock;

    BounceNotifier(JdbcMessageQueue queue, BlobStore blobs, Supplier<DomainName> localDomain, String reportingMta,
            Clock clock) {
        this.queue = queue;
        this.blobs = blobs;
        this.localDomain = localDomain;
        this.reportingMta = reportingMta;
        this.clock = clock;
    }

    /**
     * Sends the notifications due now.
     *
     * @return how many entries were handled
     */
    int runOnce(int max) {
        List<UnnotifiedFailures> due = queue.unnotifiedFailures(max);
        for (UnnotifiedFailures failures : due) {
            try {
                notify(failures);
                queue.markNotified(failures.entry().queueId(), failures.seqs());
            } catch (IOException | QueueException | RuntimeException e) {
                // the failures stay unnotified, and are tried again at the next round
                LOG.warn("{}: cannot queue the delivery status notification: {}", failures.entry().queueId(), e.toString());
            }
        }
        return due.size();
    }

    private void notify(UnnotifiedFailures failures) throws IOException, QueueException {
        QueueEntry entry = failures.entry();
        Optional<MailAddress> sender = entry.envelope().sender();
        if (sender.isEmpty()) {
            LOG.info("{}: no notification of {} failed recipient(s): the sender is <>", entry.queueId(),
                    failures.failed().size());
            return;
        }
        List<RecipientStatus> reported = failures.failed().stream().filter(BounceNotifier::wantsFailureNotice).toList();
        if (reported.isEmpty()) {
            LOG.info("{}: no notification: NOTIFY did not ask for failures", entry.queueId());
            return;
        }
        BlobRef body;
        try (BlobWriter writer = blobs.create()) {
            write(writer.stream(), entry, reported, sender.get());
            body = new BlobRef(writer.commit(), writer.size());
        }
        Envelope envelope = new Envelope(Optional.empty(), List.of(EnvelopeRecipient.of(sender.get())), Optional.empty(),
                Optional.empty(), BodyType.EIGHT_BIT_MIME, entry.envelope().smtpUtf8(), Envelope.LOCAL_CLIENT, Optional.empty(),
                clock.instant());
        String id = queue.enqueue(envelope, body, null).queueId();
        LOG.info("{}: sender non-delivery notification: {} to <{}>", entry.queueId(), id, sender.get());
    }

    private static boolean wantsFailureNotice(RecipientStatus r) {
        var notify = r.original().notifyOn();
        return notify.isEmpty() || notify.contains(DsnNotify.FAILURE);
    }

    private void write(OutputStream out, QueueEntry entry, List<RecipientStatus> failed, MailAddress sender)
            throws IOException {
        String boundary = "=_iems_" + UUID.randomUUID();
        String mailerDaemon = "MAILER-DAEMON@" + localDomain.get();
        StringBuilder m = new StringBuilder();
        m.append("From: Mail Delivery System <").append(mailerDaemon).append(">\r\n");
        m.append("To: <").append(sender).append(">\r\n");
        m.append("Subject: Undelivered Mail Returned to Sender\r\n");
        m.append("Date: ").append(DATE.format(clock.instant())).append("\r\n");
        m.append("Message-ID: <").append(UUID.randomUUID()).append('@').append(reportingMta).append(">\r\n");
        m.append("Auto-Submitted: auto-replied\r\n");
        m.append("MIME-Version: 1.0\r\n");
        m.append("Content-Type: multipart/report; report-type=delivery-status;\r\n\tboundary=\"").append(boundary)
                .append("\"\r\n\r\n");
        m.append("This is a MIME-encapsulated message.\r\n\r\n--").append(boundary).append("\r\n");
        m.append("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n");
        m.append("This is the mail system at host ").append(reportingMta).append(".\r\n\r\n");
        m.append("Your message could not be delivered to one or more recipients.\r\n");
        m.append("It is attached below. For help, write to postmaster@").append(localDomain.get()).append(".\r\n\r\n");
        for (RecipientStatus r : failed) {
            m.append("<").append(r.original().address()).append(">: ").append(r.lastResult().orElse("failed"))
                    .append("\r\n");
        }
        m.append("\r\n--").append(boundary).append("\r\nContent-Type: message/delivery-status\r\n\r\n");
        m.append("Reporting-MTA: dns; ").append(reportingMta).append("\r\n");
        entry.envelope().envelopeId().ifPresent(id -> m.append("Original-Envelope-Id: ").append(id).append("\r\n"));
        m.append("Arrival-Date: ").append(DATE.format(entry.envelope().received())).append("\r\n");
        for (RecipientStatus r : failed) {
            String result = r.lastResult().orElse("5.0.0 failed");
            String status = result.matches("[245]\\.\\d{1,3}\\.\\d{1,3}( .*)?") ? result.split(" ", 2)[0] : "5.0.0";
            m.append("\r\n");
            r.original().originalRecipient().ifPresent(o -> m.append("Original-Recipient: ").append(o).append("\r\n"));
            m.append("Final-Recipient: rfc822; ").append(r.original().address()).append("\r\n");
            m.append("Action: failed\r\n");
            m.append("Status: ").append(status).append("\r\n");
            m.append("Diagnostic-Code: x-iems; ").append(result.replaceAll("[\\r\\n]+", " ")).append("\r\n");
        }
        boolean full = entry.envelope().ret().orElse(DsnReturn.HEADERS) == DsnReturn.FULL && entry.size() <= MAX_FULL;
        m.append("\r\n--").append(boundary).append("\r\nContent-Type: ")
                .append(full ? "message/rfc822" : "text/rfc822-headers").append("\r\n\r\n");
        out.write(m.toString().getBytes(StandardCharsets.UTF_8));
        try (InputStream original = blobs.open(entry.body())) {
            if (full) {
                original.transferTo(out);
            } else {
                out.write(header(original).getBytes(StandardCharsets.UTF_8));
            }
        }
        out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The original's header, up to the blank line, at most {@link #MAX_HEADER} characters. */
    private static String header(InputStream original) throws IOException {
        StringBuilder header = new StringBuilder();
        BufferedReader reader = new BufferedReader(new InputStreamReader(original, StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null && !line.isEmpty() && header.length() < MAX_HEADER) {
            header.append(line).append("\r\n");
        }
        return header.toString();
    }
}
