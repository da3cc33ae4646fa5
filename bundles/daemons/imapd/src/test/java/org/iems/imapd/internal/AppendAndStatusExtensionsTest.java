package org.iems.imapd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** MULTIAPPEND (RFC 3502), APPENDLIMIT (RFC 7889) and STATUS=SIZE (RFC 8438) over a socket. */
class AppendAndStatusExtensionsTest extends TrustedLoopbackServer {

    private static final String ONE = "Subject: one\r\n\r\nfirst\r\n";
    private static final String TWO = "Subject: two\r\n\r\nsecond message\r\n";

    @Test
    void multiAppendStoresEveryMessageWithItsFlagsAndDateAndNamesTheirUids() throws Exception {
        try (ImapClient c = client()) {
            c.login("lisa@ima.com");
            c.write("m1 APPEND INBOX (\\Seen) \"01-Feb-2024 10:00:00 +0000\" {" + ONE.length() + "+}\r\n" + ONE
                    + " (\\Flagged $Work) {" + TWO.length() + "+}\r\n" + TWO + " {" + ONE.length() + "+}\r\n" + ONE + "\r\n");
            assertThat(c.until("m1")).last().asString().matches("m1 OK \\[APPENDUID \\d+ 1:3] APPEND completed");
            c.command("SELECT INBOX");
            assertThat(c.command("FETCH 1:3 (FLAGS INTERNALDATE RFC822.SIZE)")).startsWith(
                    "* 1 FETCH (FLAGS (\\Seen \\Recent) INTERNALDATE \"01-Feb-2024 10:00:00 +0000\" RFC822.SIZE "
                            + ONE.length() + ")");
            assertThat(c.command("FETCH 2 (FLAGS BODY.PEEK[TEXT])").get(0))
                    .isEqualTo("* 2 FETCH (FLAGS (\\Flagged \\Recent $Work) BODY[TEXT] {16}");
        }
    }

    @Test
    void multiAppendStoresNothingWhenOneMessageIsRefused() throws Exception {
        try (ImapClient c = client()) {
            c.login("lisa@ima.com");
            // the second message's date is no date: a syntax error, and the first is not stored either
            c.write("m1 APPEND INBOX {" + ONE.length() + "+}\r\n" + ONE + " \"yesterday\" {" + TWO.length() + "+}\r\n"
                    + TWO + "\r\n");
            assertThat(c.until("m1")).last().asString().startsWith("m1 BAD");
            assertThat(c.command("STATUS INBOX (MESSAGES)").get(0)).isEqualTo("* STATUS INBOX (MESSAGES 0)");
            c.write("m2 APPEND Nowhere {" + ONE.length() + "+}\r\n" + ONE + " {" + TWO.length() + "+}\r\n" + TWO + "\r\n");
            assertThat(c.until("m2")).last().asString().startsWith("m2 NO [TRYCREATE]");
        }
    }

    @Test
    void statusTellsTheMailboxSizeAndTheAppendLimit() throws Exception {
        server.deliver(ImapServer.LISA, ONE);
        server.deliver(ImapServer.LISA, TWO);
        try (ImapClient c = client()) {
            c.line();
            assertThat(c.command("CAPABILITY").get(0)).contains(" APPENDLIMIT=52428800", " STATUS=SIZE", " MULTIAPPEND");
            c.tagged("LOGIN lisa@ima.com " + ImapServer.PASSWORD);
            assertThat(c.command("STATUS INBOX (MESSAGES SIZE APPENDLIMIT)")).containsExactly(
                    "* STATUS INBOX (MESSAGES 2 SIZE " + (ONE.length() + TWO.length()) + " APPENDLIMIT 52428800)",
                    "a3 OK STATUS completed");
            List<String> list = c.command("LIST \"\" INBOX RETURN (STATUS (SIZE))");
            assertThat(list).contains("* STATUS INBOX (SIZE " + (ONE.length() + TWO.length()) + ")");
        }
    }
}
