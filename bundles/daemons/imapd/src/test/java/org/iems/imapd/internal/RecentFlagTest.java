package org.iems.imapd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RFC 3501 section 2.3.2: a message is {@code \Recent} to exactly one session, the first
 * read-write one told of it; SELECT, EXAMINE, STATUS, FETCH, SEARCH and the untagged RECENT all
 * agree with that.
 */
class RecentFlagTest extends TrustedLoopbackServer {

    private static final String MESSAGE = "Subject: hi\r\n\r\nhello\r\n";

    @Test
    void theFirstSessionToSelectTakesTheNewMessagesAndNoOtherSeesThemAsRecent() throws Exception {
        server.deliver(ImapServer.LISA, MESSAGE);
        server.deliver(ImapServer.LISA, MESSAGE);
        try (ImapClient a = client(); ImapClient b = client(); ImapClient c = client()) {
            a.login("lisa@ima.com");
            b.login("lisa@ima.com");
            c.login("lisa@ima.com");
            assertThat(c.command("STATUS INBOX (MESSAGES RECENT)")).first()
                    .isEqualTo("* STATUS INBOX (MESSAGES 2 RECENT 2)");
            assertThat(a.command("SELECT INBOX")).contains("* 2 EXISTS", "* 2 RECENT");
            assertThat(a.command("FETCH 1:2 FLAGS")).startsWith("* 1 FETCH (FLAGS (\\Recent))",
                    "* 2 FETCH (FLAGS (\\Recent))");
            assertThat(a.command("SEARCH RECENT")).first().isEqualTo("* SEARCH 1 2");
            assertThat(a.command("SEARCH NEW")).first().isEqualTo("* SEARCH 1 2");
            assertThat(a.command("SEARCH OLD")).first().isEqualTo("* SEARCH");

            assertThat(b.command("SELECT INBOX")).contains("* 2 EXISTS", "* 0 RECENT");
            assertThat(b.command("FETCH 1 FLAGS")).first().isEqualTo("* 1 FETCH (FLAGS ())");
            assertThat(b.command("SEARCH RECENT")).first().isEqualTo("* SEARCH");
            assertThat(b.command("SEARCH OLD")).first().isEqualTo("* SEARCH 1 2");
            assertThat(c.command("STATUS INBOX (RECENT)")).first().isEqualTo("* STATUS INBOX (RECENT 0)");
        }
    }

    @Test
    void aMessageArrivingWhileTwoSessionsWatchIsRecentToTheOneThatHearsOfItFirst() throws Exception {
        server.deliver(ImapServer.LISA, MESSAGE);
        try (ImapClient a = client(); ImapClient b = client()) {
            a.login("lisa@ima.com");
            b.login("lisa@ima.com");
            assertThat(a.command("SELECT INBOX")).contains("* 1 RECENT");
            assertThat(b.command("SELECT INBOX")).contains("* 0 RECENT");
            server.deliver(ImapServer.LISA, MESSAGE);
            assertThat(a.command("NOOP")).startsWith("* 2 EXISTS", "* 2 RECENT");
            assertThat(b.command("NOOP")).startsWith("* 2 EXISTS", "* 0 RECENT");
            assertThat(a.command("FETCH 2 FLAGS")).first().isEqualTo("* 2 FETCH (FLAGS (\\Recent))");
            assertThat(b.command("FETCH 2 FLAGS")).first().isEqualTo("* 2 FETCH (FLAGS ())");
            List<String> store = a.command("STORE 2 +FLAGS (\\Seen)");
            assertThat(store).first().as("the server's flag stays with the client's")
                    .isEqualTo("* 2 FETCH (FLAGS (\\Seen \\Recent))");
            assertThat(a.command("SEARCH NEW")).first().isEqualTo("* SEARCH 1");
        }
    }

    @Test
    void examineShowsWhatIsRecentWithoutTakingIt() throws Exception {
        server.deliver(ImapServer.LISA, MESSAGE);
        try (ImapClient a = client(); ImapClient b = client()) {
            a.login("lisa@ima.com");
            b.login("lisa@ima.com");
            assertThat(a.command("EXAMINE INBOX")).contains("* 1 RECENT");
            assertThat(a.command("FETCH 1 FLAGS")).first().isEqualTo("* 1 FETCH (FLAGS (\\Recent))");
            assertThat(b.command("SELECT INBOX")).as("EXAMINE took nothing").contains("* 1 RECENT");
            assertThat(a.command("EXAMINE INBOX")).as("now taken").contains("* 0 RECENT");
        }
    }

    @Test
    void aClientCannotSetOrClearRecentAndACopyIsRecentToWhoeverSelectsItFirst() throws Exception {
        server.deliver(ImapServer.LISA, MESSAGE);
        try (ImapClient a = client(); ImapClient b = client()) {
            a.login("lisa@ima.com");
            b.login("lisa@ima.com");
            a.command("CREATE Archive");
            a.command("SELECT INBOX");
            assertThat(a.command("STORE 1 -FLAGS (\\Recent)")).first().isEqualTo("* 1 FETCH (FLAGS (\\Recent))");
            assertThat(a.command("STORE 1 FLAGS (\\Recent \\Flagged)")).first()
                    .isEqualTo("* 1 FETCH (FLAGS (\\Flagged \\Recent))");
            assertThat(a.tagged("COPY 1 Archive")).contains("OK [COPYUID ").endsWith("COPY completed");
            assertThat(b.command("SELECT Archive")).contains("* 1 EXISTS", "* 1 RECENT");
            assertThat(b.command("FETCH 1 FLAGS")).first().isEqualTo("* 1 FETCH (FLAGS (\\Flagged \\Recent))");
        }
    }
}
