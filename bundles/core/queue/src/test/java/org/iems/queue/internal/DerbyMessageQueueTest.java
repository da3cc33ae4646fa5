package org.iems.queue.internal;

import javax.sql.DataSource;
import org.iems.testsupport.MemoryDerby;

class DerbyMessageQueueTest extends MessageQueueContract {

    @Override
    DataSource newDatabase() {
        return MemoryDerby.newDatabase();
    }
}
