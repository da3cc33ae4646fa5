package org.iems.imapd.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.iems.store.testkit.TestStore;
import org.iems.testsupport.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The IMAP concurrency checker with the message store on a real PostgreSQL server (the postgres profile). */
class PostgresConcurrencyCheckTest extends TrustedLoopbackServer {

    private static PostgresServer postgres;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    @Override
    ImapServer newServer(Path dir, Map<String, Object> config) throws Exception {
        return new ImapServer(dir, config, directory -> {
            try {
                return TestStore.on(postgres.newDatabase(), Clock.systemUTC(), directory);
            } catch (Exception e) {
                throw new IllegalStateException("no PostgreSQL database for the store", e);
            }
        });
    }

    @Test
    void tenClientsOnSharedMailboxesAreToldAConsistentStory() throws Exception {
        ConcurrencyCheckTest.check(server);
    }
}
