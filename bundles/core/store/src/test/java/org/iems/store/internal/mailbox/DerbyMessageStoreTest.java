package org.iems.store.internal.mailbox;

import javax.sql.DataSource;
import org.iems.testsupport.MemoryDerby;

class DerbyMessageStoreTest extends MessageStoreContract {

    @Override
    DataSource newDatabase() {
        return MemoryDerby.newDatabase();
    }
}
