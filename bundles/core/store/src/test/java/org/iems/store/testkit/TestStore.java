package org.iems.store.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.sql.DataSource;
import org.iems.api.blob.BlobHolder;
import org.iems.api.blob.BlobStore;
import org.iems.api.directory.Directory;
import org.iems.api.mail.MailAddress;
import org.iems.api.storage.JdbcSchemaMigrations;
import org.iems.api.store.MessageStore;
import org.iems.store.internal.blob.FileBlobStore;
import org.iems.store.internal.mailbox.JdbcMessageStore;
import org.iems.store.internal.mailbox.Quota;
import org.iems.store.internal.mailbox.StoreSchema;
import org.iems.testsupport.MemoryDerby;

/**
 * The real message store on a new in-memory Derby database, and the real file blob store, for
 * other bundles' tests (published in this module's test jar). Those tests meet them through the
 * api only, so a change inside the store changes this class and no other bundle's tests.
 */
public final class TestStore {

    private static final Duration GRACE = Duration.ofHours(1);

    private final Map<MailAddress, Quota> limits = new ConcurrentHashMap<>();
    private final JdbcMessageStore store;

    private TestStore(DataSource dataSource, Clock clock, Function<MailAddress, Quota> quotas) {
        JdbcSchemaMigrations.open(dataSource).migrate(StoreSchema.OWNER, StoreSchema.MIGRATIONS);
        store = new JdbcMessageStore(dataSource, account -> limits.getOrDefault(account, quotas.apply(account)), clock);
    }

    /**
     * A store whose accounts have no quota until {@link #limit} gives them one.
     *
     * @param clock the store's time
     * @return the store
     */
    public static TestStore onDerby(Clock clock) {
        return new TestStore(MemoryDerby.newDatabase(), clock, account -> Quota.UNLIMITED);
    }

    /**
     * A store that reads each account's quota from a directory, as the store component does.
     *
     * @param clock the store's time
     * @param directory the directory
     * @return the store
     */
    public static TestStore onDerby(Clock clock, Directory directory) {
        return on(MemoryDerby.newDatabase(), clock, directory);
    }

    /**
     * A store on a database of the test's (PostgreSQL), quotas from a directory.
     *
     * @param dataSource the empty database; the store's tables are made in it
     * @param clock the store's time
     * @param directory the directory
     * @return the store
     */
    public static TestStore on(DataSource dataSource, Clock clock, Directory directory) {
        return new TestStore(dataSource, clock, account -> Quota.of(directory, account));
    }

    /**
     * Limits an account's mailboxes, or lifts the limits with zeros.
     *
     * @param account the account
     * @param maxBytes the most bytes; 0 = unlimited
     * @param maxMessages the most messages; 0 = unlimited
     */
    public void limit(MailAddress account, long maxBytes, long maxMessages) {
        limits.put(account, new Quota(maxBytes, maxMessages));
    }

    /** The store, as every bundle meets it. */
    public MessageStore store() {
        return store;
    }

    /**
     * Looks for other nodes' changes of the watched mailboxes at an interval, as the store
     * component does ({@code watch.poll.interval.millis}), for tests of several nodes on one
     * database.
     *
     * @param interval the time between looks
     * @return what stops the looking
     */
    public AutoCloseable pollWatchedMailboxes(Duration interval) {
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
        poller.scheduleWithFixedDelay(() -> {
            try {
                store.pollWatchedMailboxes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return poller::shutdownNow;
    }

    /** The store as a holder of blobs, for a blob store's collection. */
    public BlobHolder blobHolder() {
        return store;
    }

    /**
     * The file blob store in a folder, collecting what none of the holders hold after an hour's
     * grace.
     *
     * @param folder where the blobs live
     * @param clock the collector's time
     * @param holders who may hold blobs
     * @return the blob store
     * @throws IOException if the folder cannot be made
     */
    public static BlobStore blobsIn(Path folder, Clock clock, BlobHolder... holders) throws IOException {
        List<BlobHolder> all = List.of(holders);
        return new FileBlobStore(folder, () -> GRACE, clock, () -> all, () -> true);
    }
}
