package org.iems.smtpc.internal;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLSocketFactory;
import org.iems.api.blob.BlobStore;
import org.iems.api.mail.MailAddress;
import org.iems.api.queue.BodyType;
import org.iems.api.queue.Delivery;
import org.iems.api.queue.DeliveryOutcome;
import org.iems.api.queue.DeliveryQueue;
import org.iems.api.queue.QueueEntry;
import org.iems.smtpc.protocol.Outgoing;
import org.iems.smtpc.protocol.TransactionResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's work for a destination: resolve it, connect, then send its jobs one after the
 * other on the same connection, until none has come for the reuse time. A destination that cannot
 * be reached defers every job waiting for it at once (no job waits through the same timeouts
 * again); one that DNS says can never receive mail bounces them. A connection refused for now while
 * others to the destination work leaves its job to them (the destination limits connections).
 */
final class DestinationWorker implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(DestinationWorker.class);

    private final VirtualQueue queue;
    private final Route route;
    private final ChannelSettings settings;
    private final DeliveryQueue messages;
    private final OutcomeRecorder recorder;
    private final BlobStore blobs;
    private final SSLSocketFactory tls;
    private final ScheduledExecutorService watchdog;
    private final Clock clock;
    private final BooleanSupplier stopping;
    private final Runnable done;

    DestinationWorker(VirtualQueue queue, ChannelSettings settings, DeliveryQueue messages, OutcomeRecorder recorder,
            BlobStore blobs, SSLSocketFactory tls, ScheduledExecutorService watchdog, Clock clock,
            BooleanSupplier stopping, Runnable done) {
        this.queue = queue;
        this.route = queue.route();
        this.settings = settings;
        this.messages = messages;
        this.recorder = recorder;
        this.blobs = blobs;
        this.tls = tls;
        this.watchdog = watchdog;
        this.clock = clock;
        this.stopping = stopping;
        this.done = done;
    }

    @Override
    public void run() {
        try {
            work();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // the claims of the job in hand lapse and are taken again; the rest are still queued
            LOG.warn("{}: delivery worker failed: {}", queue.name(), e.toString());
        } finally {
            done.run();
        }
    }

    private void work() throws InterruptedException {
        Job job = queue.next(0);
        if (job == null) {
            return;
        }
        Resolution resolution = settings.dns().resolve(route.target());
        if (resolution instanceof Resolution.Undeliverable no) {
            finishAll(job, j -> Outcomes.bounced(j, no.status(), no.reason()));
            return;
        }
        if (resolution instanceof Resolution.Unavailable later) {
            finishAll(job, j -> Outcomes.deferred(j, later.reason()));
            return;
        }
        List<HostAddress> hosts = ((Resolution.Hosts) resolution).hosts();
        OutboundConnection connection = null;
        try {
            while (job != null) {
                if (stopping.getAsBoolean()) {
                    messages.returnClaims(job.deliveries());
                    returnAll();
                    return;
                }
                if (nearlyExpired(job)) {
                    // another node may take it once the lease ends: give it back rather than risk two deliveries
                    messages.returnClaims(job.deliveries());
                    job = queue.next(0);
                    continue;
                }
                if (connection == null) {
                    OutboundConnection.Opening opening = OutboundConnection.open(route, hosts, settings.client(), tls,
                            watchdog);
                    if (opening instanceof OutboundConnection.Failed failed) {
                        if (!failed.permanent() && queue.putBackIfOthersWork(job)) {
                            LOG.info("{}: a further connection was refused while others work: at most {} now ({})",
                                    queue.name(), queue.learntLimit(), failed.text());
                            return;
                        }
                        finishAll(job, j -> failed.permanent() ? Outcomes.bounced(j, failed.status(), failed.reason())
                                : Outcomes.deferred(j, failed.text()));
                        return;
                    }
                    connection = ((OutboundConnection.Opened) opening).connection();
                }
                if (!send(connection, job)) {
                    connection.abort();
                    connection = null;
                }
                job = queue.next(settings.reuseWait().toMillis());
            }
        } finally {
            if (connection != null) {
                connection.close();
            }
        }
    }

    /** Sends one job; returns whether the connection can carry on. */
    private boolean send(OutboundConnection connection, Job job) {
        QueueEntry entry = job.entry();
        Outgoing message = new Outgoing(entry.envelope().sender(), job.deliveries().stream()
                .map(DestinationWorker::recipient).toList(), entry.size(),
                entry.envelope().body() == BodyType.EIGHT_BIT_MIME, needsSmtpUtf8(job),
                entry.envelope().envelopeId(), entry.envelope().ret(), route.peer() ? entry.tags() : Map.of(),
                () -> blobs.open(entry.body()));
        try {
            TransactionResult result = connection.send(message);
            recorder.record(Outcomes.of(job, connection.relay(), connection.takesDsnRequests(), result));
            return true;
        } catch (IOException e) {
            recorder.record(Outcomes.deferred(job, "4.4.2 relay=" + connection.relay() + ", lost connection while "
                    + connection.phase() + ": " + OutboundConnection.describe(e)));
            return false;
        }
    }

    private boolean nearlyExpired(Job job) {
        return job.claimed().plus(settings.lease().multipliedBy(3).dividedBy(4)).isBefore(clock.instant());
    }

    /** Gives back the claims of every job still waiting (the channel is stopping). */
    private void returnAll() {
        for (Job waiting : queue.drain()) {
            messages.returnClaims(waiting.deliveries());
        }
    }

    private static Outgoing.Recipient recipient(Delivery d) {
        return new Outgoing.Recipient(d.recipient().address(), d.recipient().original().notifyOn(),
                d.recipient().original().originalRecipient());
    }

    private static boolean needsSmtpUtf8(Job job) {
        QueueEntry entry = job.entry();
        return entry.envelope().smtpUtf8() || entry.envelope().sender().map(MailAddress::needsSmtpUtf8).orElse(false)
                || job.deliveries().stream().anyMatch(d -> d.recipient().address().needsSmtpUtf8());
    }

    /** Records the same kind of outcome for this job and every job waiting for the destination. */
    private void finishAll(Job first, Function<Job, List<DeliveryOutcome>> outcome) {
        recorder.record(outcome.apply(first));
        for (Job job : queue.drain()) {
            recorder.record(outcome.apply(job));
        }
    }
}
