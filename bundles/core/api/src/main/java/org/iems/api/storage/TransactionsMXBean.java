package org.iems.api.storage;

/**
 * The counters of one bundle's {@link Transactions}, read over JMX as
 * {@code org.iems:type=Transactions,name=<owner>}. On a healthy server the deadlock and lock
 * timeout counts stay at 0.
 *
 * @since 1.3
 */
public interface TransactionsMXBean {

    /**
     * @return the owning bundle's short name
     */
    String getOwner();

    /**
     * @return transactions run again after a deadlock or serialization failure
     */
    long getDeadlockRetries();

    /**
     * @return transactions run again after a lock wait timed out
     */
    long getLockTimeoutRetries();

    /**
     * @return transactions run again after meeting a duplicate key of a concurrent insert
     */
    long getDuplicateKeyRetries();

    /**
     * @return units of work that still met another after the last attempt, and failed
     */
    long getGivenUp();
}
