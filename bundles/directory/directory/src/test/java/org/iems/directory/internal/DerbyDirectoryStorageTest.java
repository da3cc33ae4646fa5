package org.iems.directory.internal;

import java.util.UUID;
import javax.sql.DataSource;
import org.apache.derby.jdbc.EmbeddedDataSource;

/** The directory contract on embedded Derby, the default database. */
class DerbyDirectoryStorageTest extends DirectoryStorageContract {

    @Override
    DataSource newDatabase() {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName("memory:" + UUID.randomUUID());
        ds.setCreateDatabase("create");
        return ds;
    }
}
