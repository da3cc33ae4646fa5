package org.iems.testsupport;

import java.util.UUID;
import javax.sql.DataSource;
import org.apache.derby.jdbc.EmbeddedDataSource;

/** New, empty Derby databases in memory, one per call, for tests; they end with the JVM. */
public final class MemoryDerby {

    private MemoryDerby() {
    }

    /**
     * A database no other test shares.
     *
     * @return its data source; the first connection creates it
     */
    public static DataSource newDatabase() {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName("memory:" + UUID.randomUUID());
        ds.setCreateDatabase("create");
        return ds;
    }
}
