package org.iems.directory.internal;

import javax.sql.DataSource;
import org.iems.testsupport.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The directory contract on a real PostgreSQL server. Runs in the {@code postgres} Maven
 * profile (the test command, {@code .ci/run}, enables it and installs the server).
 */
class PostgresDirectoryStorageTest extends DirectoryStorageContract {

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
