package org.iems.smtpc.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSocketFactory;
import org.iems.api.blob.BlobStore;
import org.iems.api.queue.Delivery;
import org.iems.api.queue.DeliveryQueue;
import org.iems.api.work.WorkLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code smtp} channel's scheduler: claims due recipients from the Shared Message Queue, groups
 * them by message and destination into jobs, and puts each job in its destination's virtual queue.
 * Each virtual queue gets up to the per-destination number of connections (within the overall
 * limit); a connection carries the destination's jobs one after the other. A virtual queue is
 * dropped as soon as it has neither jobs nor connections. At most the backlog of recipients is
 * claimed and not yet attempted, so other nodes sharing the queue get their part.
 */
final class OutboundScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(OutboundScheduler.class);
    static final String CHANNEL = "smtp";
    private static final Duration IDLE_WAIT = Duration.ofSeconds(1);

    private final DeliveryQueue messages;
    private final BlobStore blobs;
    private final SSLSocketFactory tls;
    private final Clock clock;
    private final Map<Route, VirtualQueue> queues = new LinkedHashMap<>();
    private final ExecutorService connections = Executors.newCachedThreadPool(daemon("iems-smtpc-connection"));
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(
            daemon("iems-smtpc-watchdog"));
    private final AtomicLong order = new AtomicLong();
    private final OutcomeRecorder recorder;
    private volatile WorkLoop claimer;
    private volatile ChannelSettings settings;
    private volatile boolean stopping;
    private int open;

    OutboundScheduler(DeliveryQueue messages, BlobStore blobs, SSLSocketFactory tls, Clock clock,
            ChannelSettings settings) {
        this.messages = messages;
        this.blobs = blobs;
        this.tls = tls;
        this.clock = clock;
        this.settings = settings;
        this.recorder = new OutcomeRecorder(messages, "iems-smtpc-recorder");
    }

    void start() {
        this.claimer = WorkLoop.start("iems-smtpc-scheduler", 1, this::claimOnce,
                max -> messages.awaitActivity(CHANNEL, max), IDLE_WAIT);
    }

    /** Takes a new configuration: new connections and jobs use it at once. */
    void reconfigure(ChannelSettings changed) {
        this.settings = changed;
    }

    /**
     * Stops: no more claims; transactions under way finish; claimed jobs not yet started are given
     * back to the queue, due at once, so the next start (or another node) sends them.
     */
    void stop() {
        stopping = true;
        if (claimer != null) {
            claimer.stop(Duration.ofSeconds(10));
        }
        connections.shutdown();
        try {
            if (!connections.awaitTermination(60, TimeUnit.SECONDS)) {
                LOG.warn("smtp channel: deliveries still under way after 60 s; their claims lapse with the lease");
                connections.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        watchdog.shutdownNow();
        recorder.stop();
        List<VirtualQueue> left;
        synchronized (this) {
            left = new ArrayList<>(queues.values());
            queues.clear();
        }
        for (VirtualQueue queue : left) {
            for (Job job : queue.drain()) {
                messages.returnClaims(job.deliveries());
            }
        }
    }

    /** The virtual queues now: destination, jobs waiting, connections open. */
    synchronized List<String> describeQueues() {
        return queues.values().stream()
                .map(q -> q.name() + ": " + q.waiting() + " waiting, " + q.connections() + " connection(s)").toList();
    }

    /** Claims what the backlog allows and hands it out; returns how many recipients were claimed. */
    int claimOnce() {
        ChannelSettings now = settings;
        int room;
        synchronized (this) {
            room = now.backlog() - queues.values().stream().mapToInt(VirtualQueue::waiting).sum();
        }
        if (room <= 0) {
            return 0;
        }
        List<Delivery> claimed = messages.claim(CHANNEL, Math.min(room, 200), now.lease());
        if (claimed.isEmpty()) {
            return 0;
        }
        Instant at = clock.instant();
        Map<MessageRoute, List<Delivery>> groups = new LinkedHashMap<>();
        for (Delivery d : claimed) {
            Route route = now.routes().route(d.recipient().address().domain());
            groups.computeIfAbsent(new MessageRoute(d.entry().queueId(), route), k -> new ArrayList<>()).add(d);
        }
        for (Map.Entry<MessageRoute, List<Delivery>> group : groups.entrySet()) {
            List<Delivery> all = group.getValue();
            for (int from = 0; from < all.size(); from += now.recipientLimit()) {
                List<Delivery> part = all.subList(from, Math.min(all.size(), from + now.recipientLimit()));
                enqueue(new Job(group.getKey().route(), part, at, order.incrementAndGet()));
            }
        }
        return claimed.size();
    }

    /** One message's recipients that share a route: one transaction. */
    private record MessageRoute(String queueId, Route route) {
    }

    private synchronized void enqueue(Job job) {
        queues.computeIfAbsent(job.route(), VirtualQueue::new).add(job);
        startConnections();
    }

    /** Starts connections where jobs wait, within the per-destination and overall limits. */
    private synchronized void startConnections() {
        ChannelSettings now = settings;
        for (VirtualQueue queue : queues.values()) {
            while (!stopping && open < now.maxConnections() && queue.tryAddConnection(now.destinationConcurrency())) {
                open++;
                connections.execute(new DestinationWorker(queue, now, messages, recorder, blobs, tls, watchdog, clock,
                        () -> stopping, () -> connectionEnded(queue)));
            }
        }
    }

    private synchronized void connectionEnded(VirtualQueue queue) {
        open--;
        queue.removeConnection();
        if (queue.isIdle()) {
            queues.remove(queue.route());
        }
        startConnections();
    }

    private static ThreadFactory daemon(String name) {
        AtomicLong count = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
