package org.iems.imapd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.iems.api.directory.Directory;
import org.iems.store.testkit.TestStore;
import org.iems.testsupport.MemoryDerby;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two IMAP nodes on one store database, each with its own store and IMAP server, as two Karaf
 * nodes would be: a session idling on one hears of what the other did, through the store's poll
 * of watched mailboxes.
 */
class TwoNodesTest {

    private static final Map<String, Object> TRUSTED = Map.of("trusted.networks", "127.0.0.0/8");

    @Test
    void anIdlingSessionOnOneNodeHearsOfDeliveriesAndFlagChangesMadeOnTheOther(@TempDir Path a, @TempDir Path b)
            throws Exception {
        DataSource database = MemoryDerby.newDatabase();
        List<TestStore> stores = new ArrayList<>();
        try (ImapServer nodeA = new ImapServer(a, TRUSTED, directory -> added(stores, database, directory));
                ImapServer nodeB = new ImapServer(b, TRUSTED, directory -> added(stores, database, directory));
                AutoCloseable polling = stores.get(0).pollWatchedMailboxes(Duration.ofMillis(200));
                ImapClient idler = new ImapClient(nodeA.port(ImapListener.IMAP));
                ImapClient other = new ImapClient(nodeB.port(ImapListener.IMAP))) {
            idler.login("lisa@ima.com");
            other.login("lisa@ima.com");
            assertThat(idler.command("SELECT INBOX")).contains("* 0 EXISTS");
            idler.write("i1 IDLE\r\n");
            assertThat(idler.line()).startsWith("+ ");
            nodeB.deliver(ImapServer.LISA, "Subject: from node B\r\n\r\nhello\r\n");
            assertThat(idler.line()).isEqualTo("* 1 EXISTS");
            assertThat(idler.line()).isEqualTo("* 1 RECENT");
            other.command("SELECT INBOX");
            other.command("STORE 1 +FLAGS.SILENT (\\Flagged)");
            assertThat(idler.line()).isEqualTo("* 1 FETCH (UID 1 FLAGS (\\Flagged \\Recent))");
            idler.write("DONE\r\n");
            assertThat(idler.until("i1")).last().asString().isEqualTo("i1 OK IDLE terminated");
        }
    }

    private static TestStore added(List<TestStore> stores, DataSource database,
            Directory directory) {
        TestStore store = TestStore.on(database, Clock.systemUTC(), directory);
        stores.add(store);
        return store;
    }
}
