package org.iems.imapd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a hostile or broken client sends: the server answers BAD or NO, or closes that one
 * connection; it never hangs, crashes or disturbs another session.
 */
class ImapBadInputTest extends TrustedLoopbackServer {

    @Override
    Map<String, Object> configuration() {
        return Map.of("max.connections.per.client", 1100, "max.errors", 100);
    }

    @BeforeEach
    void fill() throws Exception {
        server.deliver(ImapServer.LISA, "Subject: one\r\n\r\nbody\r\n");
    }

    /** A second session that must stay unharmed: it logs in and reads the INBOX. */
    private void anotherSessionWorks() throws Exception {
        try (ImapClient other = client()) {
            other.login("lisa@ima.com");
            assertThat(other.command("SELECT INBOX")).contains("* 1 EXISTS");
            assertThat(other.tagged("FETCH 1 BODY[TEXT]")).endsWith("OK FETCH completed");
        }
    }

    @Test
    void malformedCommandsGetBadAndTheSessionCarriesOn() throws Exception {
        try (ImapClient c = client()) {
            c.login("lisa@ima.com");
            c.tagged("SELECT INBOX");
            for (String bad : List.of("FETCH 1 (FLAGS", "FETCH 1 FLAGS)", "FETCH (FLAGS)", "FETCH 1 (BODY[1.MIME)",
                    "FETCH 1 BODY[HEADER.FIELDS ()]", "FETCH 0 FLAGS", "UID FETCH 4294967296 FLAGS",
                    "FETCH 1:* (FLAGS NONSENSE)", "STORE 1 FLAGS", "STORE 1 ~FLAGS (\\Seen)", "SEARCH", "SEARCH FOO",
                    "SEARCH (SEEN", "SEARCH OR SEEN", "SEARCH BEFORE 31-Foo-2026", "SEARCH LARGER x",
                    "SELECT \"unterminated", "LIST \"\"", "STATUS INBOX (NONSENSE)", "APPEND INBOX (\\Seen) x",
                    "UID KISS 1", "NOSUCHCOMMAND", "CAPABILITY extra", "LOGOUT now")) {
                assertThat(c.tagged(bad)).as(bad).matches("a\\d+ BAD .*");
            }
            assertThat(c.tagged("NOOP")).endsWith("OK NOOP completed");
        }
        anotherSessionWorks();
    }

    @Test
    void commandsInTheWrongStateAreRefused() throws Exception {
        try (ImapClient c = client()) {
            c.line();
            assertThat(c.tagged("SELECT INBOX")).endsWith("BAD SELECT is not allowed before login");
            assertThat(c.tagged("FETCH 1 FLAGS")).endsWith("BAD FETCH is not allowed before login");
            assertThat(c.tagged("LOGIN lisa@ima.com secret"))
                    .endsWith("OK [CAPABILITY " + ImapServer.CAPABILITIES + "] LOGIN completed");
            assertThat(c.tagged("LOGIN lisa@ima.com secret")).endsWith("BAD LOGIN is not allowed after login");
            assertThat(c.tagged("EXPUNGE")).endsWith("BAD EXPUNGE is not allowed without a selected mailbox");
            assertThat(c.tagged("EXAMINE INBOX")).endsWith("OK [READ-ONLY] EXAMINE completed");
            assertThat(c.tagged("STORE 1 +FLAGS (\\Seen)")).endsWith("NO [READ-ONLY] Mailbox is read-only (EXAMINE)");
        }
    }

    @Test
    void hugeAndReversedUidSetsAreFine() throws Exception {
        try (ImapClient c = client()) {
            c.login("lisa@ima.com");
            c.tagged("SELECT INBOX");
            assertThat(c.command("UID FETCH 1:4294967295 (FLAGS)")).first().isEqualTo("* 1 FETCH (UID 1 FLAGS (\\Recent))");
            assertThat(c.command("UID FETCH 4294967295:1 (FLAGS)")).first().isEqualTo("* 1 FETCH (UID 1 FLAGS (\\Recent))");
            assertThat(c.command("UID FETCH 5:9 (FLAGS)")).hasSize(1);
            StringBuilder many = new StringBuilder("1");
            for (int i = 3; i < 6000; i += 2) {
                many.append(',').append(i);
            }
            assertThat(c.command("UID SEARCH UID " + many)).first().isEqualTo("* SEARCH 1");
        }
    }

    @Test
    void namesThatAreNotModifiedUtf7AreRefusedWithNoAndMatchNothing() throws Exception {
        try (ImapClient c = client()) {
            c.login("lisa@ima.com");
            // a well-formed string is not a syntax error (BAD): the name cannot exist (NO)
            assertThat(c.tagged("CREATE &Jjo")).contains("NO [CANNOT] Invalid mailbox name");
            assertThat(c.tagged("CREATE &AGE-")).contains("NO [CANNOT] Invalid mailbox name");
            assertThat(c.tagged("CREATE \"caf\u00e9\"")).contains("NO [CANNOT] Invalid mailbox name");
            for (String command : List.of("SELECT &Jjo!-", "EXAMINE &Jjo", "STATUS &Jjo (MESSAGES)", "DELETE &Jjo",
                    "RENAME INBOX &Jjo", "SUBSCRIBE &Jjo", "APPEND &Jjo {1+}\r\nx")) {
                assertThat(c.tagged(command)).as(command).contains("NO [CANNOT] Invalid mailbox name");
            }
            assertThat(c.command("LIST \"\" &Jjo*")).as("a pattern that is not modified UTF-7 matches nothing")
                    .singleElement().asString().endsWith(" OK LIST completed");
            assertThat(c.command("LIST &Jjo \"*\"")).hasSize(1);
            assertThat(c.tagged("SELECT \"unterminated")).as("a broken string is still BAD").contains("BAD");
            assertThat(c.tagged("CREATE Entw&APw-rfe")).matches(".* OK \\[MAILBOXID \\(M\\d+\\)] CREATE completed");
            assertThat(c.command("LIST \"\" Entw*")).first().isEqualTo("* LIST (\\HasNoChildren) \"/\" Entw&APw-rfe");
        }
        assertThat(server.store.mailboxes(ImapServer.LISA)).contains("Entw\u00fcrfe");
    }

    @Test
    void namesWithNulControlsOrDotLevelsAreRefusedWithNo() throws Exception {
        try (ImapClient c = client()) {
            c.login("lisa@ima.com");
            for (String bad : new String[] {"&AAA-", "a&AAA-b", "..", "x/../INBOX", "a/./b", "&AAc-bell", "&AH8-"}) {
                String reply = c.tagged("CREATE \"" + bad + "\"");
                assertThat(reply).as(bad).contains(" NO [CANNOT] a mailbox name must not").doesNotContain("\u0000");
                assertThat(c.tagged("RENAME INBOX \"" + bad + "\"")).as(bad).contains(" NO [CANNOT]");
            }
            assertThat(c.tagged("SELECT \"&AAA-\"")).contains(" NO ");
            assertThat(c.tagged("CREATE \"Shared/../INBOX\"")).as("another user's namespace").contains(" NO ");
        }
        assertThat(server.store.mailboxes(ImapServer.LISA)).noneMatch(name -> name.contains("\u0000") || name.contains(".."));
    }

    @Test
    void deeplyNestedSearchIsRefused() throws Exception {
        try (ImapClient c = client()) {
            c.login("lisa@ima.com");
            c.tagged("SELECT INBOX");
            String nested = "(".repeat(5000) + "SEEN" + ")".repeat(5000);
            assertThat(c.tagged("SEARCH " + nested)).contains("BAD Search criteria nested too deeply");
            assertThat(c.tagged("SEARCH " + "NOT ".repeat(2000) + "SEEN")).contains("BAD Search criteria nested");
            assertThat(c.command("SEARCH " + "(".repeat(10) + "ALL" + ")".repeat(10))).first()
                    .isEqualTo("* SEARCH 1");
        }
    }

    @Test
    void hugeTagsDeepFetchListsAndEndlessSearchesGetAnAnswerAndHurtNoOtherSession() throws Exception {
        try (ImapClient c = client()) {
            c.login("lisa@ima.com");
            c.tagged("SELECT INBOX");
            c.write("x".repeat(1_000_000) + " NOOP\r\n");
            assertThat(c.line()).as("a 1 MB tag").endsWith("BAD Command line too long");
            assertThat(c.tagged("FETCH 1 " + "(".repeat(10_000) + "FLAGS" + ")".repeat(10_000))).contains(" BAD ");
            assertThat(c.tagged("SEARCH " + "SEEN ".repeat(100_000).strip())).as("100,000 keys").contains(" BAD ");
            assertThat(c.command("SEARCH " + "SEEN ".repeat(1_000).strip())).as("a thousand keys are fine").first()
                    .isEqualTo("* SEARCH");
            assertThat(c.tagged("NOOP")).endsWith("OK NOOP completed");
        }
        anotherSessionWorks();
    }

    @Test
    void aLiteralOfFourGigabytesIsRefusedBeforeItIsSent() throws Exception {
        try (ImapClient c = client()) {
            c.login("lisa@ima.com");
            c.write("x1 APPEND INBOX {4294967296}\r\n");
            assertThat(c.line()).isEqualTo("x1 NO [TOOBIG] Message too large");
            c.write("x2 LOGIN {4294967296}\r\n");
            assertThat(c.line()).isEqualTo("x2 NO [TOOBIG] Literal too large");
            assertThat(c.tagged("NOOP")).endsWith("OK NOOP completed");
            // a non-synchronizing one cannot be refused without reading it: that connection ends
            c.write("x3 APPEND INBOX {4294967296+}\r\nFrom: x\r\n");
            assertThat(c.line()).isEqualTo("* BYE Message too large; closing");
            assertThat(c.closedByServer()).isTrue();
        }
        anotherSessionWorks();
    }

    @Test
    void aClientThatLeavesInsideALiteralStoresNothing() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port(ImapListener.IMAP))) {
            OutputStream out = s.getOutputStream();
            out.write(("a1 LOGIN lisa@ima.com secret\r\na2 APPEND INBOX {100000+}\r\n" + "x".repeat(70_000))
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buffer = new byte[4096];
            int n = in.read(buffer);
            assertThat(new String(buffer, 0, n, StandardCharsets.US_ASCII)).startsWith("* OK");
        }
        anotherSessionWorks();
        assertThat(server.store.messages(ImapServer.LISA, "INBOX", 1, 10)).hasSize(1);
    }

    @Test
    void aTooLongLineIsRefusedAndTheNextCommandWorks() throws Exception {
        try (ImapClient c = client()) {
            c.login("lisa@ima.com");
            c.write("x1 NOOP " + "x".repeat(200_000) + "\r\n");
            assertThat(c.line()).isEqualTo("x1 BAD Command line too long");
            assertThat(c.tagged("NOOP")).endsWith("OK NOOP completed");
        }
    }

    @Test
    void aThousandSimultaneousConnectionsAreServed() throws Exception {
        List<ImapClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 1000; i++) {
                ImapClient c = client();
                clients.add(c);
            }
            for (ImapClient c : clients) {
                assertThat(c.line()).startsWith("* OK [CAPABILITY IMAP4rev1 ");
            }
            for (int i = 0; i < clients.size(); i += 50) {
                ImapClient c = clients.get(i);
                assertThat(c.tagged("LOGIN lisa@ima.com secret")).contains("OK");
                assertThat(c.command("STATUS INBOX (MESSAGES)")).first().isEqualTo("* STATUS INBOX (MESSAGES 1)");
            }
            anotherSessionWorks();
        } finally {
            for (ImapClient c : clients) {
                c.close();
            }
        }
    }

    @Test
    void commandsSentWithStartTlsAreNeverRunUnderTls() throws Exception {
        try (ImapClient c = client()) {
            c.line();
            // RFC 3501 section 6.2.1 / RFC 3207 section 4.2: what followed STARTTLS in plaintext is dropped
            c.write("a1 STARTTLS\r\na2 LOGIN lisa@ima.com secret\r\n");
            assertThat(c.line()).isEqualTo("a1 OK Begin TLS negotiation now");
            c.startTls();
            assertThat(c.tagged("NOOP")).isEqualTo("a1 OK NOOP completed");
            assertThat(c.tagged("SELECT INBOX")).isEqualTo("a2 BAD SELECT is not allowed before login");
            assertThat(c.command("CAPABILITY").get(0)).doesNotContain("STARTTLS").contains("AUTH=PLAIN");
            assertThat(c.tagged("STARTTLS")).isEqualTo("a4 NO TLS is already on");
        }
    }
}
