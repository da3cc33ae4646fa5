package org.iems.imapd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** UTF8=ACCEPT (RFC 9755) and IMAP4rev2 (RFC 9051) enabled by a client, beside IMAP4rev1 clients. */
class Utf8AndRev2Test extends TrustedLoopbackServer {

    private static final String MESSAGE = "Subject: hi\r\n\r\nhello\r\n";

    @Test
    void aUtf8ClientNamesMailboxesInUtf8AndARev1ClientSeesTheSameInModifiedUtf7() throws Exception {
        try (ImapClient utf8 = loggedIn(); ImapClient rev1 = loggedIn()) {
            assertThat(utf8.command("ENABLE UTF8=ACCEPT")).startsWith("* ENABLED UTF8=ACCEPT");
            assertThat(utf8.tagged("CREATE \"Entwürfe\"")).contains("OK");
            List<String> list = utf8.command("LIST \"\" Entw*");
            int nameOctets = "Entwürfe".getBytes(StandardCharsets.UTF_8).length;
            assertThat(list.get(0)).isEqualTo("* LIST (\\HasNoChildren) \"/\" {" + nameOctets + "}");
            assertThat(list.get(1)).isEqualTo("Entwürfe");
            assertThat(rev1.command("LIST \"\" Entw*").get(0))
                    .isEqualTo("* LIST (\\HasNoChildren) \"/\" Entw&APw-rfe");
            String text = "Subject: Grüße\r\n\r\nhallo\r\n";
            int octets = text.getBytes(StandardCharsets.UTF_8).length;
            utf8.write("u1 APPEND \"Entwürfe\" UTF8 (~{" + octets + "+}\r\n" + text + ")\r\n");
            assertThat(utf8.until("u1")).last().asString().startsWith("u1 OK [APPENDUID");
            assertThat(rev1.command("STATUS Entw&APw-rfe (MESSAGES)").get(0))
                    .isEqualTo("* STATUS Entw&APw-rfe (MESSAGES 1)");
            assertThat(utf8.tagged("SELECT \"Entwürfe\"")).contains("OK [READ-WRITE]");
        }
    }

    @Test
    void anImap4rev2ClientGetsNoRecentAnEsearchForEverySearchAndTheMailboxListedAtSelect() throws Exception {
        server.deliver(ImapServer.LISA, MESSAGE);
        server.deliver(ImapServer.LISA, MESSAGE);
        try (ImapClient c = loggedIn()) {
            assertThat(c.command("ENABLE IMAP4rev2")).startsWith("* ENABLED IMAP4rev2");
            List<String> select = c.command("SELECT inbox");
            assertThat(select).contains("* 2 EXISTS", "* LIST () \"/\" INBOX")
                    .noneMatch(l -> l.contains("RECENT") || l.contains("UNSEEN"));
            assertThat(c.command("SEARCH ALL"))
                    .containsExactly("* ESEARCH (TAG \"a4\") ALL 1:2", "a4 OK SEARCH completed");
            assertThat(c.command("UID SEARCH SEEN").get(0)).isEqualTo("* ESEARCH (TAG \"a5\") UID");
            assertThat(c.command("FETCH 1 FLAGS").get(0)).isEqualTo("* 1 FETCH (FLAGS ())");
            assertThat(c.tagged("SEARCH RECENT")).contains(" BAD ");
            assertThat(c.tagged("SEARCH NEW")).contains(" BAD ");
            assertThat(c.tagged("STATUS INBOX (RECENT)")).contains(" BAD ");
            server.deliver(ImapServer.LISA, MESSAGE);
            assertThat(c.command("NOOP")).containsExactly("* 3 EXISTS", "a10 OK NOOP completed");
        }
    }

    @Test
    void enableAnswersOnlyWhatItTurnedOn() throws Exception {
        try (ImapClient c = loggedIn()) {
            assertThat(c.command("ENABLE IMAP4rev2 UTF8=ACCEPT X-UNKNOWN").get(0))
                    .isEqualTo("* ENABLED IMAP4rev2 UTF8=ACCEPT");
            assertThat(c.command("ENABLE IMAP4rev2").get(0)).isEqualTo("* ENABLED");
        }
    }
}
