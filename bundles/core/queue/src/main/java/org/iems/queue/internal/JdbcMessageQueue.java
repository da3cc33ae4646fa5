package org.iems.queue.internal;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.iems.api.blob.BlobHolder;
import org.iems.api.blob.BlobId;
import org.iems.api.blob.BlobRef;
import org.iems.api.mail.DomainName;
import org.iems.api.queue.Delivery;
import org.iems.api.queue.DeliveryOutcome;
import org.iems.api.queue.DeliveryQueue;
import org.iems.api.queue.DeliveryResult;
import org.iems.api.queue.Envelope;
import org.iems.api.queue.ManageableQueue;
import org.iems.api.queue.QueueEntry;
import org.iems.api.queue.QueueException;
import org.iems.api.queue.QueueIntake;
import org.iems.api.queue.QueueStats;
import org.iems.api.queue.Routing;
import org.iems.api.storage.BlobReferences;
import org.iems.api.storage.Transactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue in the database, one object in all its roles: submission ({@link Submission}), the
 * preprocessor's intake ({@link Intake}), the channels' claims ({@link ChannelClaims}), operators'
 * administration ({@link Administration}) and the notifier's reads ({@link Notifications}). Each
 * state change is one transaction of the house's {@link Transactions}, committed before the method
 * returns; every part takes its locks in the order its class documents (an entry's row before its
 * recipients, recipients in key order), so transactions do not deadlock one another.
 */
public final class JdbcMessageQueue implements ManageableQueue, QueueIntake, DeliveryQueue, BlobHolder {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcMessageQueue.class);

    private final DataSource dataSource;
    private final Transactions transactions;
    private final Activity activity = new Activity();
    private final Submission submission;
    private final Intake intake;
    private final ChannelClaims claims;
    private final Administration administration;
    private final Completion completion;
    private final Notifications notifications;

    /**
     * @param node this node's name, written on its claims; several nodes sharing one database need
     *        distinct names
     */
    public JdbcMessageQueue(DataSource dataSource, Clock clock, Supplier<RetryPolicy> policy, String node) {
        this.dataSource = dataSource;
        this.transactions = Transactions.of(dataSource, "queue");
        this.completion = new Completion(transactions);
        this.submission = new Submission(transactions, clock, policy, activity);
        this.intake = new Intake(transactions, clock, policy, node, activity);
        this.claims = new ChannelClaims(transactions, clock, policy, node, activity, completion);
        this.administration = new Administration(transactions, clock, activity);
        this.notifications = new Notifications(transactions, policy, completion);
    }

    /** The transactions' retry counters, to publish. */
    Transactions transactions() {
        return transactions;
    }

    /** What the notifier reads and records. */
    Notifications notifications() {
        return notifications;
    }

    /**
     * Takes up after a stop or crash of this node, before it claims anything: ends the leases it
     * held, and removes the entries it left done but not removed.
     *
     * @return how many claims were taken back
     */
    int recover() {
        int released = claims.releaseOwnClaims();
        int finished = completion.finishAllDone();
        if (finished > 0) {
            LOG.info("Removed {} finished queue entries left by the last stop", finished);
        }
        return released;
    }

    // ----- submission

    @Override
    public String newQueueId() {
        return submission.newQueueId();
    }

    @Override
    public QueueEntry enqueue(Envelope envelope, BlobRef body, String queueId) throws QueueException {
        return submission.enqueue(envelope, body, queueId, Map.of());
    }

    /** Adds a message with tags from the start (notifications about spam carry its tag). */
    QueueEntry enqueue(Envelope envelope, BlobRef body, String queueId, Map<String, String> tags) throws QueueException {
        return submission.enqueue(envelope, body, queueId, tags);
    }

    @Override
    public Optional<QueueEntry> find(String queueId) {
        return submission.find(queueId);
    }

    // ----- intake

    @Override
    public List<QueueEntry> claimNew(int max, Duration lease) {
        return intake.claimNew(max, lease);
    }

    @Override
    public void route(String queueId, Routing routing) {
        intake.route(queueId, routing);
    }

    @Override
    public void hold(String queueId, String reason) {
        intake.hold(queueId, reason);
    }

    @Override
    public void release(String queueId) {
        intake.release(queueId);
    }

    @Override
    public int releaseHeld(String reasonPrefix) {
        return intake.releaseHeld(reasonPrefix);
    }

    @Override
    public boolean awaitActivity(Duration max) throws InterruptedException {
        return activity.await(max);
    }

    // ----- channels

    @Override
    public List<Delivery> claim(String channel, int max, Duration lease) {
        return claims.claim(channel, max, lease);
    }

    @Override
    public void record(List<DeliveryOutcome> outcomes) {
        claims.record(outcomes);
    }

    @Override
    public void complete(Delivery delivery, String detail) {
        record(List.of(new DeliveryOutcome(delivery, new DeliveryResult.Delivered(detail))));
    }

    @Override
    public void defer(Delivery delivery, String reason) {
        record(List.of(new DeliveryOutcome(delivery, new DeliveryResult.TemporaryFailure(reason))));
    }

    @Override
    public void bounce(Delivery delivery, String status, String reason) {
        record(List.of(new DeliveryOutcome(delivery, new DeliveryResult.PermanentFailure(status, reason))));
    }

    @Override
    public void returnClaims(List<Delivery> deliveries) {
        claims.returnClaims(deliveries);
    }

    @Override
    public boolean awaitActivity(String channel, Duration max) throws InterruptedException {
        return activity.await(channel, max);
    }

    // ----- operators

    @Override
    public List<QueueEntry> list(boolean heldOnly, int offset, int limit) {
        return administration.list(heldOnly, offset, limit);
    }

    @Override
    public List<QueueEntry> listForDomain(DomainName domain, int offset, int limit) {
        return administration.listForDomain(domain, offset, limit);
    }

    @Override
    public Map<DomainName, Long> waitingByDomain(int max) {
        return administration.waitingByDomain(max);
    }

    @Override
    public long waitingFor(DomainName domain) {
        return administration.waitingFor(domain);
    }

    @Override
    public QueueStats stats() {
        return administration.stats();
    }

    @Override
    public boolean delete(String queueId) {
        return administration.delete(queueId);
    }

    @Override
    public int flush() {
        return administration.flush();
    }

    @Override
    public int flush(DomainName domain) {
        return administration.flush(domain);
    }

    // ----- blobs

    @Override
    public Set<BlobId> held(Collection<BlobId> candidates) {
        try {
            return BlobReferences.in(dataSource, "q_entry", candidates);
        } catch (SQLException e) {
            // fail safe: when the queue cannot answer, every candidate counts as held
            LOG.warn("Cannot tell which blobs the queue holds, keeping all {} candidates: {}", candidates.size(),
                    e.getMessage());
            return Set.copyOf(candidates);
        }
    }
}
