package org.iems.directory.internal;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.iems.api.directory.DirectoryException;

/** Runs units of work in one JDBC transaction, turning SQL failures into storage errors. */
final class Jdbc {

    /** Work done with a connection inside a transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;

    Jdbc(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Runs the work in a transaction: committed if it returns, rolled back if it throws.
     * {@link DirectoryException}s pass through unchanged.
     */
    <T> T transaction(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new DirectoryException("directory storage failed: " + e.getMessage(), e);
        }
    }
}
