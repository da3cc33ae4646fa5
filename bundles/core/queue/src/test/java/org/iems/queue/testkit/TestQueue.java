package org.iems.queue.testkit;

import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.iems.api.blob.BlobHolder;
import org.iems.api.queue.DeliveryChannel;
import org.iems.api.queue.DeliveryQueue;
import org.iems.api.queue.ManageableQueue;
import org.iems.api.queue.QueueIntake;
import org.iems.api.storage.JdbcSchemaMigrations;
import org.iems.queue.internal.Dispatcher;
import org.iems.queue.internal.JdbcMessageQueue;
import org.iems.queue.internal.QueueSchema;
import org.iems.queue.internal.RetryPolicy;
import org.iems.testsupport.MemoryDerby;

/**
 * The real queue on a new in-memory Derby database, for other bundles' tests (published in this
 * module's test jar). Those tests meet it through its api roles only, so a change inside the
 * queue changes this class and no other bundle's tests.
 */
public final class TestQueue {

    private static final Duration TIME_TO_LIVE = Duration.ofDays(3);

    private final JdbcMessageQueue queue;

    private TestQueue(Clock clock, Duration firstRetry, Duration maxRetry) {
        DataSource dataSource = MemoryDerby.newDatabase();
        JdbcSchemaMigrations.open(dataSource).migrate(QueueSchema.OWNER, QueueSchema.MIGRATIONS);
        RetryPolicy policy = new RetryPolicy(firstRetry, maxRetry, TIME_TO_LIVE);
        queue = new JdbcMessageQueue(dataSource, clock, () -> policy, "test");
    }

    /**
     * A queue that retries after 5 minutes, then at most hourly, for 3 days.
     *
     * @param clock the queue's time
     * @return the queue
     */
    public static TestQueue onDerby(Clock clock) {
        return onDerby(clock, Duration.ofMinutes(5), Duration.ofHours(1));
    }

    /**
     * A queue with its own retry intervals and a 3-day time to live.
     *
     * @param clock the queue's time
     * @param firstRetry the wait before the first retry
     * @param maxRetry the longest wait between retries
     * @return the queue
     */
    public static TestQueue onDerby(Clock clock, Duration firstRetry, Duration maxRetry) {
        return new TestQueue(clock, firstRetry, maxRetry);
    }

    /** The role of smtpd, the shell and JMX. */
    public ManageableQueue queue() {
        return queue;
    }

    /** The preprocessor's role. */
    public QueueIntake intake() {
        return queue;
    }

    /** The delivery channels' role. */
    public DeliveryQueue channels() {
        return queue;
    }

    /** The queue as a holder of blobs, for a blob store's collection. */
    public BlobHolder blobHolder() {
        return queue;
    }

    /**
     * Hands one batch of a channel's due recipients to it and records the outcomes, as the
     * queue's delivery workers do.
     *
     * @param channel the channel
     * @param max the most recipients in the batch
     * @param lease how long the claim holds
     * @return how many recipients were attempted
     */
    public int dispatch(DeliveryChannel channel, int max, Duration lease) {
        return new Dispatcher(queue, lease).runOnce(channel, max);
    }
}
