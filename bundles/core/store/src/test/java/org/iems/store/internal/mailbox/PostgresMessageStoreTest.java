package org.iems.store.internal.mailbox;

import javax.sql.DataSource;
import org.iems.testsupport.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The store contract on a real PostgreSQL server (the postgres profile, which the test command enables). */
class PostgresMessageStoreTest extends MessageStoreContract {

    private static PostgresServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = PostgresServer.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Override
    DataSource newDatabase() throws Exception {
        return server.newDatabase();
    }
}
