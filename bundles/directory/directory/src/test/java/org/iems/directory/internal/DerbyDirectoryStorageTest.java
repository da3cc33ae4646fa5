package org.iems.directory.internal;

import javax.sql.DataSource;
import org.iems.testsupport.MemoryDerby;

/** The directory contract on embedded Derby, the default database. */
class DerbyDirectoryStorageTest extends DirectoryStorageContract {

    @Override
    DataSource newDatabase() {
        return MemoryDerby.newDatabase();
    }
}
