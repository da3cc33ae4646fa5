package org.iems.imapd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.iems.testsupport.ImapChecker;
import org.junit.jupiter.api.Test;

/**
 * The IMAP concurrency checker, short: 10 clients on two shared INBOXes for 20 seconds on Derby
 * (and on PostgreSQL: {@link PostgresConcurrencyCheckTest}). The ten-minute run is
 * {@code bench/imap-checker.sh}.
 */
class ConcurrencyCheckTest extends TrustedLoopbackServer {

    @Test
    void tenClientsOnSharedMailboxesAreToldAConsistentStory() throws Exception {
        check(server);
    }

    /** Runs the checker against a server; asserts no problem and enough work done. */
    static void check(ImapServer server) throws InterruptedException {
        ImapChecker checker = new ImapChecker("127.0.0.1", server.port(ImapListener.IMAP), List.of(
                new ImapChecker.Account("bart@ima.com", ImapServer.PASSWORD),
                new ImapChecker.Account("lisa@ima.com", ImapServer.PASSWORD)));
        List<String> problems = checker.run(10, Duration.ofSeconds(20), 20261208L);
        assertThat(problems).isEmpty();
        assertThat(checker.commands()).as("the clients got work done").isGreaterThan(1_000);
    }
}
