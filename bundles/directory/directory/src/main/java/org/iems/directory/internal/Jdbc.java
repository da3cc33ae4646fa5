package org.iems.directory.internal;

import java.sql.SQLException;
import javax.sql.DataSource;
import org.iems.api.directory.DirectoryException;
import org.iems.api.storage.Transactions;

/**
 * Runs the directory's units of work in the house's {@link Transactions}, turning SQL failures
 * into storage errors. {@link DirectoryException}s pass through unchanged.
 */
final class Jdbc {

    private final Transactions transactions;

    Jdbc(DataSource dataSource) {
        this.transactions = Transactions.of(dataSource, "directory");
    }

    /** The transactions' retry counters, to publish. */
    Transactions transactions() {
        return transactions;
    }

    /** Runs the work in a transaction: committed if it returns, rolled back if it throws. */
    <T> T transaction(Transactions.Work<T, RuntimeException> work) {
        try {
            return transactions.run(work);
        } catch (SQLException e) {
            throw new DirectoryException("directory storage failed: " + e.getMessage(), e);
        }
    }
}
