package org.iems.queue.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
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
import org.iems.api.queue.RecipientState;
import org.iems.api.queue.RecipientStatus;
import org.iems.queue.internal.Notifications.Untold;
import org.iems.queue.internal.Notifications.UntoldRecipient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells senders about recipients that bounced or expired, about recipients still waiting after
 * the delay warning time, and about deliveries they asked to hear of (NOTIFY=SUCCESS), with a
 * delivery status notification (RFC 3464 multipart/report, RFC 3461 NOTIFY and RET honoured) put
 * into the queue from the null sender, so it can never bounce in turn. No notification goes to the
 * null sender, nor when every recipient it would report asked NOTIFY=NEVER or did not ask for
 * FAILURE (DELAY, SUCCESS); a message from the null sender that fails (a notification, say) is
 * reported to the postmaster instead, once: a failed report to the postmaster is only logged. A
 * notification about a spam-tagged message carries the spam tag, and so gets the spam time to live.
 */
final class BounceNotifier {

    private static final Logger LOG = LoggerFactory.getLogger(BounceNotifier.class);
    private static final DateTimeFormatter DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    /** The original header is returned up to this size (RET=HDRS, the default). */
    private static final int MAX_HEADER = 64 * 1024;
    /** The whole original is returned (RET=FULL) only up to this size; larger, its header only. */
    private static final long MAX_FULL = 10L * 1024 * 1024;
    /** How often waiting recipients are looked through for delay warnings, when none was due. */
    private static final Duration DELAY_SCAN_INTERVAL = Duration.ofMinutes(1);
    /** Marks a notification to the postmaster about a failed notification: if it fails, nobody is told. */
    static final String DOUBLE_BOUNCE_TAG = "X-IEMS-Double-Bounce";

    private final JdbcMessageQueue queue;
    private final Notifications notifications;
    private final BlobStore blobs;
    private final Supplier<DomainName> localDomain;
    private final String reportingMta;
    private final Clock clock;
    private Instant nextDelayScan = Instant.MIN;

    BounceNotifier(JdbcMessageQueue queue, BlobStore blobs, Supplier<DomainName> localDomain, String reportingMta,
            Clock clock) {
        this.queue = queue;
        this.notifications = queue.notifications();
        this.blobs = blobs;
        this.localDomain = localDomain;
        this.reportingMta = reportingMta;
        this.clock = clock;
    }

    /**
     * What a notification reports: the recipients' fate, and how it is worded. Only a failure
     * report returns the whole message when RET=FULL asks for it (RFC 3461 section 4.3).
     */
    private enum Report {
        FAILED("Undelivered Mail Returned to Sender", "Your message could not be delivered to one or more recipients.",
                "failed", "5.0.0", DsnNotify.FAILURE, "non-delivery"),
        DELAYED("Delayed Mail (still being retried)", "Your message has not been delivered to one or more recipients"
                + " yet.\r\nThe mail system keeps trying; you need not send it again.", "delayed", "4.0.0",
                DsnNotify.DELAY, "delay"),
        DOUBLE_BOUNCE("Undelivered Mail Returned to Postmaster", "A message from the null sender (a delivery"
                + " notification, most likely) could not be delivered.\r\nIt goes to the postmaster instead, since"
                + " nobody else may be told.", "failed", "5.0.0", DsnNotify.FAILURE, "double-bounce"),
        SUCCESS("Successful Mail Delivery Report", "Your message was delivered as you asked to be told.\r\n"
                + "\"relayed\" means it went on to a mail system that does not report deliveries: this is the last"
                + " report about it.\r\n\"expanded\" means it went on to the members of a list or alias, who are"
                + " not reported one by one.", "delivered", "2.0.0", DsnNotify.SUCCESS, "success");

        final String subject;
        final String text;
        final String action;
        final String fallbackStatus;
        final DsnNotify notify;
        final String logName;

        Report(String subject, String text, String action, String fallbackStatus, DsnNotify notify, String logName) {
            this.subject = subject;
            this.text = text;
            this.action = action;
            this.fallbackStatus = fallbackStatus;
            this.notify = notify;
            this.logName = logName;
        }

        /** Whether the recipient asked for this kind of notice (no NOTIFY: failures and delays). */
        boolean wanted(RecipientStatus r) {
            var asked = r.original().notifyOn();
            return asked.isEmpty() ? notify != DsnNotify.SUCCESS : asked.contains(notify);
        }

        boolean returnsFull() {
            return this == FAILED || this == DOUBLE_BOUNCE;
        }
    }

    /**
     * Sends the notifications due now: failures and successes, then delays.
     *
     * @return how many entries were handled
     */
    int runOnce(int max) {
        List<Untold> due = notifications.untold(max);
        for (Untold untold : due) {
            Map<Boolean, List<UntoldRecipient>> bySuccess = untold.recipients().stream()
                    .collect(Collectors.partitioningBy(r -> r.status().state() == RecipientState.DELIVERED));
            notifyAndMark(Report.FAILED, untold.entry(), bySuccess.get(false));
            notifyAndMark(Report.SUCCESS, untold.entry(), bySuccess.get(true));
        }
        Duration warnAfter = notifications.policy().delayWarning();
        Instant now = clock.instant();
        if (warnAfter.isZero() || now.isBefore(nextDelayScan)) {
            return due.size();
        }
        List<Untold> delays = notifications.unwarnedDelays(now.minus(warnAfter), max);
        if (delays.isEmpty()) {
            // delays come with time, not with new mail: the next look is due in a while
            nextDelayScan = now.plus(DELAY_SCAN_INTERVAL);
        }
        for (Untold delayed : delays) {
            if (notify(Report.DELAYED, delayed.entry(), delayed.recipients())) {
                notifications.markDelayWarned(delayed.entry().queueId(), seqs(delayed.recipients()));
            }
        }
        return due.size() + delays.size();
    }

    private void notifyAndMark(Report report, QueueEntry entry, List<UntoldRecipient> recipients) {
        if (!recipients.isEmpty() && notify(report, entry, recipients)) {
            notifications.markNotified(entry.queueId(), seqs(recipients));
        }
    }

    private static List<Integer> seqs(List<UntoldRecipient> recipients) {
        return recipients.stream().map(UntoldRecipient::seq).toList();
    }

    /**
     * Queues one notification; returns whether the recipients count as told (also when no notice
     * is due: the null sender, NOTIFY). A failure leaves them untold, tried again next round.
     */
    private boolean notify(Report report, QueueEntry entry, List<UntoldRecipient> recipients) {
        Optional<MailAddress> sender = entry.envelope().sender();
        Map<String, String> tags = new HashMap<>(notifications.policy().spam().carried(entry.tags()));
        Report kind = report;
        MailAddress to;
        List<UntoldRecipient> reported;
        if (sender.isPresent()) {
            to = sender.get();
            reported = recipients.stream().filter(r -> report.wanted(r.status())).toList();
        } else if (report == Report.FAILED && !entry.tags().containsKey(DOUBLE_BOUNCE_TAG)) {
            kind = Report.DOUBLE_BOUNCE;
            to = MailAddress.of("postmaster", localDomain.get());
            reported = recipients;
            tags.put(DOUBLE_BOUNCE_TAG, "yes");
        } else {
            LOG.info("{}: no {} notification of {} recipient(s): the sender is <>", entry.queueId(), report.logName,
                    recipients.size());
            return true;
        }
        if (reported.isEmpty()) {
            LOG.info("{}: no {} notification: NOTIFY did not ask for it", entry.queueId(), report.logName);
            return true;
        }
        try {
            BlobRef body;
            try (BlobWriter writer = blobs.create()) {
                write(writer.stream(), kind, entry, reported, to);
                body = new BlobRef(writer.commit(), writer.size());
            }
            Envelope envelope = new Envelope(Optional.empty(), List.of(EnvelopeRecipient.of(to)),
                    Optional.empty(), Optional.empty(), BodyType.EIGHT_BIT_MIME, entry.envelope().smtpUtf8(),
                    Envelope.LOCAL_CLIENT, Optional.empty(), clock.instant());
            String id = queue.enqueue(envelope, body, null, tags).queueId();
            LOG.info("{}: {} notification: {} to <{}>", entry.queueId(), kind.logName, id, to);
            return true;
        } catch (IOException | QueueException | RuntimeException e) {
            LOG.warn("{}: cannot queue the {} notification: {}", entry.queueId(), report.logName, e.toString());
            return false;
        }
    }

    private void write(OutputStream out, Report report, QueueEntry entry, List<UntoldRecipient> reported,
            MailAddress sender) throws IOException {
        String boundary = "=_iems_" + UUID.randomUUID();
        String mailerDaemon = "MAILER-DAEMON@" + localDomain.get();
        StringBuilder m = new StringBuilder();
        m.append("From: Mail Delivery System <").append(mailerDaemon).append(">\r\n");
        m.append("To: <").append(sender).append(">\r\n");
        m.append("Subject: ").append(report.subject).append("\r\n");
        m.append("Date: ").append(DATE.format(clock.instant())).append("\r\n");
        m.append("Message-ID: <").append(UUID.randomUUID()).append('@').append(reportingMta).append(">\r\n");
        m.append("Auto-Submitted: auto-replied\r\n");
        m.append("MIME-Version: 1.0\r\n");
        m.append("Content-Type: multipart/report; report-type=delivery-status;\r\n\tboundary=\"").append(boundary)
                .append("\"\r\n\r\n");
        m.append("This is a MIME-encapsulated message.\r\n\r\n--").append(boundary).append("\r\n");
        m.append("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n");
        m.append("This is the mail system at host ").append(reportingMta).append(".\r\n\r\n");
        m.append(report.text).append("\r\n");
        m.append("It is attached below. For help, write to postmaster@").append(localDomain.get()).append(".\r\n\r\n");
        for (UntoldRecipient r : reported) {
            m.append("<").append(r.status().original().address()).append(">: ").append(summary(report, r)).append("\r\n");
        }
        m.append("\r\n--").append(boundary).append("\r\nContent-Type: message/delivery-status\r\n\r\n");
        m.append("Reporting-MTA: dns; ").append(reportingMta).append("\r\n");
        entry.envelope().envelopeId().ifPresent(id -> m.append("Original-Envelope-Id: ").append(id).append("\r\n"));
        m.append("Arrival-Date: ").append(DATE.format(entry.envelope().received())).append("\r\n");
        for (UntoldRecipient u : reported) {
            RecipientStatus r = u.status();
            String result = r.lastResult().orElse(report.fallbackStatus + " " + report.action);
            String status = result.matches("[245]\\.\\d{1,3}\\.\\d{1,3}( .*)?") ? result.split(" ", 2)[0]
                    : report.fallbackStatus;
            m.append("\r\n");
            r.original().originalRecipient().ifPresent(o -> m.append("Original-Recipient: ").append(o).append("\r\n"));
            m.append("Final-Recipient: rfc822; ").append(r.original().address()).append("\r\n");
            m.append("Action: ").append(u.successAction().orElse(report.action)).append("\r\n");
            m.append("Status: ").append(status).append("\r\n");
            if (report != Report.SUCCESS || u.successAction().orElse("").equals("relayed")) {
                m.append("Diagnostic-Code: x-iems; ").append(result.replaceAll("[\\r\\n]+", " ")).append("\r\n");
            }
            if (report == Report.DELAYED) {
                m.append("Will-Retry-Until: ").append(DATE.format(entry.expires())).append("\r\n");
            }
        }
        boolean full = report.returnsFull() && entry.envelope().ret().orElse(DsnReturn.HEADERS) == DsnReturn.FULL
                && entry.size() <= MAX_FULL;
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

    /** A recipient's line in the text part: what happened, without a local delivery's mailbox detail. */
    private static String summary(Report report, UntoldRecipient r) {
        Optional<String> action = r.successAction();
        if (action.isPresent()) {
            return action.get().equals("relayed") ? "relayed: " + r.status().lastResult().orElse("") : action.get();
        }
        return r.status().lastResult().orElse(report.action);
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
