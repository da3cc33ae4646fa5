package org.iems.store.internal.mailbox;

import java.io.IOException;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.iems.api.storage.Transactions;

/**
 * The store's units of work in the house's {@link Transactions}: run again when they met a
 * concurrent one (a unique key taken meanwhile too: the work looks before it inserts); a database
 * failure becomes an {@link IOException} saying what could not be done.
 */
final class StoreTransactions {

    private final Transactions transactions;

    StoreTransactions(DataSource dataSource) {
        this.transactions = Transactions.retryingDuplicateKeys(dataSource, "store");
    }

    Transactions counters() {
        return transactions;
    }

    <T> T run(String what, Transactions.Work<T, IOException> work) throws IOException {
        try {
            return transactions.run(work);
        } catch (SQLException e) {
            throw new IOException("cannot " + what + ": " + e.getMessage(), e);
        }
    }
}
