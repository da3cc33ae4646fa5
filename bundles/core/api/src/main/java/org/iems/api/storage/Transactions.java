package org.iems.api.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs units of work in one JDBC transaction each: committed when the work returns, rolled back
 * when it throws. A transaction the database rolled back because it met another (a deadlock, a
 * lock wait that timed out, a serialization failure) is run again after a short random pause,
 * longer after each attempt; so is one that met a duplicate key, where the owner says its work
 * checks first and so takes the other's row on the next run. This is the one retry policy of the
 * server: the bundles that keep data in the database use it, and its counters are published over
 * JMX as {@code org.iems:type=Transactions,name=<owner>}.
 *
 * <p>Retries are a safety net, not the design: the work must take its locks in a fixed order so
 * that conflicts stay rare; a rising deadlock count is a defect to report.
 *
 * @since 1.3
 */
public final class Transactions implements TransactionsMXBean {

    private static final Logger LOG = LoggerFactory.getLogger(Transactions.class);
    /** The most runs of one unit of work. */
    public static final int MAX_ATTEMPTS = 10;

    /** A unit of work on a connection inside a transaction. */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        /**
         * Does the work; the connection is not to be committed, rolled back or closed here.
         *
         * @param connection the transaction's connection
         * @return the result
         * @throws SQLException on a database failure
         * @throws E the work's own failure, passed to the caller after the rollback
         */
        T run(Connection connection) throws SQLException, E;
    }

    /** What made the database roll a transaction back, told by its SQLState. */
    enum Cause {
        /** Deadlock (Derby 40001, PostgreSQL 40P01) or serialization failure (PostgreSQL 40001). */
        DEADLOCK,
        /** Lock wait timed out (Derby 40XL1, PostgreSQL 55P03). */
        LOCK_TIMEOUT,
        /** Unique key taken by a concurrent transaction (23505 on both). */
        DUPLICATE_KEY,
        /** Anything else: not retried. */
        OTHER;

        static Cause of(SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            return switch (state) {
                case "40001", "40P01" -> DEADLOCK;
                case "40XL1", "55P03" -> LOCK_TIMEOUT;
                case "23505" -> DUPLICATE_KEY;
                default -> OTHER;
            };
        }
    }

    private final DataSource dataSource;
    private final String owner;
    private final boolean retryDuplicateKeys;
    private final Map<Cause, AtomicLong> retries = Map.of(Cause.DEADLOCK, new AtomicLong(), Cause.LOCK_TIMEOUT,
            new AtomicLong(), Cause.DUPLICATE_KEY, new AtomicLong());
    private final AtomicLong failures = new AtomicLong();
    private ServiceRegistration<TransactionsMXBean> registration;

    private Transactions(DataSource dataSource, String owner, boolean retryDuplicateKeys) {
        this.dataSource = dataSource;
        this.owner = owner;
        this.retryDuplicateKeys = retryDuplicateKeys;
    }

    /**
     * Transactions retried when they met another.
     *
     * @param dataSource the database
     * @param owner the owning bundle's short name ({@code queue}, {@code store} …), for the log and JMX
     * @return the runner
     */
    public static Transactions of(DataSource dataSource, String owner) {
        return new Transactions(dataSource, owner, false);
    }

    /**
     * Transactions retried when they met another, and when they met a duplicate key: for work that
     * looks a row up before it inserts it, so that the next run finds the row a concurrent
     * transaction inserted.
     *
     * @param dataSource the database
     * @param owner the owning bundle's short name, for the log and JMX
     * @return the runner
     */
    public static Transactions retryingDuplicateKeys(DataSource dataSource, String owner) {
        return new Transactions(dataSource, owner, true);
    }

    /**
     * Runs the work in one transaction, again when the database rolled it back for meeting another.
     *
     * @param <T> the result's type
     * @param <E> the work's own exception
     * @param work the work
     * @return what the work returned
     * @throws SQLException when the database failed otherwise, or after {@link #MAX_ATTEMPTS} runs
     * @throws E what the work threw, after the rollback
     */
    public <T, E extends Exception> T run(Work<T, E> work) throws SQLException, E {
        for (int attempt = 1;; attempt++) {
            try {
                return runOnce(work);
            } catch (SQLException e) {
                Cause cause = Cause.of(e);
                boolean retryable = cause == Cause.DEADLOCK || cause == Cause.LOCK_TIMEOUT
                        || (cause == Cause.DUPLICATE_KEY && retryDuplicateKeys);
                if (!retryable || attempt == MAX_ATTEMPTS) {
                    if (retryable) {
                        failures.incrementAndGet();
                    }
                    throw e;
                }
                retries.get(cause).incrementAndGet();
                if (cause != Cause.DUPLICATE_KEY) {
                    LOG.warn("{} transaction rolled back by the database ({}: {}); running it again", owner, cause,
                            e.getMessage());
                }
                pause(attempt, e);
            }
        }
    }

    private <T, E extends Exception> T runOnce(Work<T, E> work) throws SQLException, E {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (Exception e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static void pause(int attempt, SQLException cause) throws SQLException {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(1, 10 * attempt + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw cause;
        }
    }

    /**
     * Publishes the counters over JMX (through the OSGi JMX whiteboard) as a service of the bundle
     * of the given class, until {@link #withdraw()}; nothing outside an OSGi framework (unit tests).
     *
     * @param owner a class of the owning bundle
     */
    public synchronized void publish(Class<?> owner) {
        Bundle bundle = FrameworkUtil.getBundle(owner);
        BundleContext context = bundle == null ? null : bundle.getBundleContext();
        if (context == null || registration != null) {
            return;
        }
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("jmx.objectname", "org.iems:type=Transactions,name=" + this.owner);
        registration = context.registerService(TransactionsMXBean.class, this, properties);
    }

    /** Ends the publication over JMX, if there is one. */
    public synchronized void withdraw() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                LOG.debug("{} transaction counters were already withdrawn with their bundle", owner);
            }
            registration = null;
        }
    }

    @Override
    public String getOwner() {
        return owner;
    }

    @Override
    public long getDeadlockRetries() {
        return retries.get(Cause.DEADLOCK).get();
    }

    @Override
    public long getLockTimeoutRetries() {
        return retries.get(Cause.LOCK_TIMEOUT).get();
    }

    @Override
    public long getDuplicateKeyRetries() {
        return retries.get(Cause.DUPLICATE_KEY).get();
    }

    @Override
    public long getGivenUp() {
        return failures.get();
    }
}
