package org.iems.imapd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** IMAP conversations over a real socket with the server's real neighbours (no container). */
class ImapConversationTest extends TrustedLoopbackServer {

    private static final String MESSAGE = "From: Bart <bart@ima.com>\r\nTo: lisa@ima.com\r\nSubject: hello\r\n"
            + "Date: Mon, 23 Nov 2026 10:00:00 +0000\r\nMessage-ID: <1@ima.com>\r\n\r\nHi Lisa,\r\nsee you.\r\n";

    @Test
    void aDeliveredMessageBeginsWithItsReturnPathInEveryView() throws Exception {
        String returnPath = "Return-Path: <bart@ima.com>\r\n";
        server.deliver(ImapServer.LISA, "INBOX", returnPath, MESSAGE, Set.of(), Instant.now());
        server.deliver(ImapServer.LISA, "INBOX", "Return-Path: <>\r\n", MESSAGE, Set.of(), Instant.now());
        try (ImapClient c = client()) {
            c.login("lisa@ima.com");
            c.command("SELECT INBOX");
            int size = returnPath.length() + MESSAGE.length();
            assertThat(c.command("FETCH 1 RFC822.SIZE").get(0)).isEqualTo("* 1 FETCH (RFC822.SIZE " + size + ")");
            assertThat(c.command("FETCH 1 BODY.PEEK[HEADER.FIELDS (RETURN-PATH)]"))
                    .startsWith("* 1 FETCH (BODY[HEADER.FIELDS (RETURN-PATH)] {31}", "Return-Path: <bart@ima.com>");
            List<String> whole = c.command("FETCH 1 BODY.PEEK[]");
            assertThat(whole.get(0)).isEqualTo("* 1 FETCH (BODY[] {" + size + "}");
            assertThat(whole.get(1)).isEqualTo("Return-Path: <bart@ima.com>");
            assertThat(c.command("FETCH 1 BODY.PEEK[]<0.13>").get(0)).isEqualTo("* 1 FETCH (BODY[]<0> {13}");
            assertThat(c.command("FETCH 2 BODY.PEEK[HEADER.FIELDS (RETURN-PATH)]")).element(1)
                    .isEqualTo("Return-Path: <>");
            assertThat(c.command("FETCH 1 BODY.PEEK[TEXT]")).contains("Hi Lisa,");
        }
    }

    @Test
    void addressesAreReadAsRfc5322WritesThemWithCommentsAndObsoleteSpacing() throws Exception {
        server.deliver(ImapServer.LISA, "From: <user-from (comment)@ (comment) domain.org>\r\nSender:\r\n"
                + "Reply-To: \r\nTo: \"Lisa S.\" <lisa@ima.com>, (nobody)\r\nCc: team: a@x.org, b@y.org;\r\n"
                + "Subject: odd\r\n\r\nbody\r\n");
        try (ImapClient c = client()) {
            c.login("lisa@ima.com");
            c.command("SELECT INBOX");
            String from = "((NIL NIL \"user-from\" \"domain.org\"))";
            assertThat(c.command("FETCH 1 ENVELOPE")).first().as("RFC 3501 7.4.2: empty Sender and Reply-To are From")
                    .isEqualTo("* 1 FETCH (ENVELOPE (NIL \"odd\" " + from + " " + from + " " + from
                            + " ((\"Lisa S.\" NIL \"lisa\" \"ima.com\")) ((NIL NIL \"team\" NIL)(NIL NIL \"a\" \"x.org\")"
                            + "(NIL NIL \"b\" \"y.org\")(NIL NIL NIL NIL)) NIL NIL NIL))");
            for (String key : List.of("FROM user-from@domain.org", "FROM USER-FROM@DOMAIN", "TO lisa@ima.com",
                    "TO \"Lisa S\"", "CC b@y.org", "FROM comment")) {
                assertThat(c.command("SEARCH " + key)).first().as(key).isEqualTo("* SEARCH 1");
            }
            assertThat(c.command("SEARCH FROM lisa@ima.com")).first().isEqualTo("* SEARCH");
        }
    }

    @Test
    void logoutAnswersByeAndOkAndNothingAboutTheMailboxItLeaves() throws Exception {
        server.deliver(ImapServer.LISA, MESSAGE);
        server.deliver(ImapServer.LISA, MESSAGE);
        try (ImapClient a = client(); ImapClient b = client()) {
            a.login("lisa@ima.com");
            b.login("lisa@ima.com");
            a.command("SELECT INBOX");
            b.command("SELECT INBOX");
            b.command("STORE 1 +FLAGS (\\Deleted \\Flagged)");
            b.command("EXPUNGE");
            b.command("STORE 1 +FLAGS (\\Answered)");
            server.deliver(ImapServer.LISA, MESSAGE);
            List<String> logout = a.command("LOGOUT");
            assertThat(logout).hasSize(2).first().asString().startsWith("* BYE ");
            assertThat(logout.get(1)).endsWith("OK LOGOUT completed");
            assertThat(a.closedByServer()).isTrue();
        }
    }

    @Test
    void selectsFetchesAndStoresAsInRfc3501Examples() throws Exception {
        server.deliver(ImapServer.LISA, MESSAGE);
        server.deliver(ImapServer.LISA, MESSAGE.replace("hello", "again"));
        try (ImapClient c = client()) {
            c.login("lisa@ima.com");
            List<String> select = c.command("SELECT INBOX");
            assertThat(select).contains("* 2 EXISTS", "* 2 RECENT").anyMatch(l -> l.startsWith("* OK [UIDVALIDITY "))
                    .anyMatch(l -> l.startsWith("* OK [UIDNEXT 3]"));
            assertThat(select.get(select.size() - 1)).endsWith("OK [READ-WRITE] SELECT completed");
            List<String> fetch = c.command("FETCH 1:2 (UID FLAGS RFC822.SIZE)");
            assertThat(fetch.get(0)).isEqualTo("* 1 FETCH (UID 1 FLAGS (\\Recent) RFC822.SIZE " + MESSAGE.length() + ")");
            assertThat(c.command("FETCH 1 ENVELOPE").get(0)).isEqualTo("* 1 FETCH (ENVELOPE (\"Mon, 23 Nov 2026"
                    + " 10:00:00 +0000\" \"hello\" ((\"Bart\" NIL \"bart\" \"ima.com\")) ((\"Bart\" NIL \"bart\""
                    + " \"ima.com\")) ((\"Bart\" NIL \"bart\" \"ima.com\")) ((NIL NIL \"lisa\" \"ima.com\")) NIL NIL"
                    + " NIL \"<1@ima.com>\"))");
            assertThat(c.command("FETCH 2 BODYSTRUCTURE").get(0)).isEqualTo("* 2 FETCH (BODYSTRUCTURE (\"TEXT\""
                    + " \"PLAIN\" (\"charset\" \"us-ascii\") NIL NIL \"7BIT\" 20 2 NIL NIL NIL NIL))");
            List<String> body = c.command("FETCH 1 BODY[TEXT]");
            assertThat(body.get(0)).isEqualTo("* 1 FETCH (BODY[TEXT] {20}");
            assertThat(body).containsExactly("* 1 FETCH (BODY[TEXT] {20}", "Hi Lisa,", "see you.", " FLAGS (\\Seen \\Recent))",
                    "a6 OK FETCH completed");
            assertThat(c.command("STORE 2 +FLAGS (\\Deleted)").get(0)).isEqualTo("* 2 FETCH (FLAGS (\\Deleted \\Recent))");
            assertThat(c.command("SEARCH DELETED")).containsExactly("* SEARCH 2", "a8 OK SEARCH completed");
            assertThat(c.command("UID SEARCH SUBJECT hello SEEN")).containsExactly("* SEARCH 1",
                    "a9 OK UID SEARCH completed");
            assertThat(c.command("EXPUNGE")).containsExactly("* 2 EXPUNGE", "a10 OK EXPUNGE completed");
            assertThat(c.tagged("LOGOUT")).isEqualTo("a11 OK LOGOUT completed");
        }
    }

    @Test
    void expungingHalfOfALargeMailboxReportsEachMessageOnceHighestFirst() throws Exception {
        for (int i = 1; i <= 2000; i++) {
            server.deliver(ImapServer.LISA, "Subject: " + i + "\r\n\r\nbody\r\n");
        }
        StringBuilder odd = new StringBuilder("1");
        for (int uid = 3; uid <= 2000; uid += 2) {
            odd.append(',').append(uid);
        }
        try (ImapClient c = client()) {
            c.login("lisa@ima.com");
            assertThat(c.command("SELECT INBOX")).contains("* 2000 EXISTS");
            c.tagged("UID STORE " + odd + " +FLAGS.SILENT (\\Deleted)");
            List<String> expunge = c.command("EXPUNGE");
            assertThat(expunge).hasSize(1001).last().asString().endsWith("OK EXPUNGE completed");
            // message n (odd UID n) is expunged when its number is n, highest first
            assertThat(expunge.get(0)).isEqualTo("* 1999 EXPUNGE");
            assertThat(expunge.get(999)).isEqualTo("* 1 EXPUNGE");
            List<String> uids = c.command("FETCH 1:* (UID)");
            assertThat(uids).hasSize(1001);
            assertThat(uids.get(0)).isEqualTo("* 1 FETCH (UID 2)");
            assertThat(uids.get(999)).isEqualTo("* 1000 FETCH (UID 2000)");
        }
        assertThat(server.store.status(ImapServer.LISA, "INBOX").orElseThrow().messages()).isEqualTo(1000);
    }
}
