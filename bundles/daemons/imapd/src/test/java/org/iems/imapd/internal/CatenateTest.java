package org.iems.imapd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CATENATE (RFC 4469): a message put together from literals and parts of stored messages, over a socket. */
class CatenateTest extends TrustedLoopbackServer {

    private static final String HEADER = "From: lisa@ima.com\r\nSubject: report\r\n"
            + "Content-Type: multipart/mixed; boundary=x\r\n\r\n";
    private static final String ORIGINAL = HEADER + "--x\r\nContent-Type: text/plain\r\n\r\nfirst draft\r\n"
            + "--x\r\nContent-Type: application/pdf\r\n\r\nPDFDATA\r\n--x--\r\n";

    private long uidValidity;

    @BeforeEach
    void aDraftInInbox() throws Exception {
        server.deliver(ImapServer.LISA, ORIGINAL);
        try (ImapClient c = loggedIn()) {
            Matcher m = Pattern.compile("UIDVALIDITY (\\d+)").matcher(String.join("\n", c.command("SELECT INBOX")));
            assertThat(m.find()).isTrue();
            uidValidity = Long.parseLong(m.group(1));
        }
    }

    private List<String> append(ImapClient c, String parts) throws Exception {
        c.write("c1 APPEND Drafts CATENATE (" + parts + ")\r\n");
        return c.until("c1");
    }

    private static String text(String s) {
        return "TEXT {" + s.length() + "+}\r\n" + s;
    }

    @Test
    void aNewMessageIsMadeOfTheOldHeaderANewTextAndAnOldAttachment() throws Exception {
        String url = "/INBOX;UIDVALIDITY=" + uidValidity + "/;UID=1";
        String newText = "--x\r\nContent-Type: text/plain\r\n\r\nsecond draft\r\n";
        String closing = "\r\n--x--\r\n";
        try (ImapClient c = loggedIn()) {
            List<String> answer = append(c, "URL \"" + url + "/;SECTION=HEADER\" " + text(newText)
                    + " " + text("--x\r\n") + " URL \"" + url + "/;SECTION=2.MIME\" URL \"" + url + "/;SECTION=2\" "
                    + text(closing));
            assertThat(answer.get(answer.size() - 1)).matches("c1 OK \\[APPENDUID \\d+ 1] APPEND completed");
            c.command("SELECT Drafts");
            String expected = HEADER + newText + "--x\r\nContent-Type: application/pdf\r\n\r\nPDFDATA" + closing;
            List<String> fetch = c.command("FETCH 1 BODY.PEEK[]");
            assertThat(fetch.get(0)).isEqualTo("* 1 FETCH (BODY[] {" + expected.length() + "}");
            assertThat(String.join("\r\n", fetch.subList(1, fetch.size() - 1))).isEqualTo(expected + ")");
            assertThat(c.command("FETCH 1 BODY.PEEK[2]").get(1)).isEqualTo("PDFDATA)");
        }
    }

    @Test
    void aFullUrlAndAPartialArePutInAsTheyName() throws Exception {
        try (ImapClient c = loggedIn()) {
            List<String> answer = append(c, text("Subject: bit\r\n\r\n") + " URL \"imap://lisa@imap.ima.com/INBOX/;UID=1"
                    + "/;SECTION=1/;PARTIAL=0.5\"");
            assertThat(answer.get(answer.size() - 1)).startsWith("c1 OK [APPENDUID");
            c.command("SELECT Drafts");
            assertThat(c.command("FETCH 1 BODY.PEEK[TEXT]").get(1)).isEqualTo("first)");
        }
    }

    @Test
    void urlsThatNameNothingReadableAreRefusedAndNothingIsStored() throws Exception {
        try (ImapClient lisa = loggedIn(); ImapClient bart = client()) {
            bart.login("bart@ima.com");
            String stale = "/INBOX;UIDVALIDITY=" + (uidValidity + 1) + "/;UID=1";
            assertThat(append(lisa, "URL \"" + stale + "\"")).last().asString()
                    .startsWith("c1 NO [BADURL " + stale + "]");
            assertThat(append(lisa, "URL \"/INBOX/;UID=9\"")).last().asString()
                    .startsWith("c1 NO [BADURL /INBOX/;UID=9]");
            assertThat(append(lisa, "URL \"/INBOX/;UID=1/;SECTION=7\"")).last().asString()
                    .startsWith("c1 NO [BADURL /INBOX/;UID=1/;SECTION=7]");
            assertThat(append(lisa, "URL \"/Nowhere/;UID=1\"")).last().asString()
                    .startsWith("c1 NO [BADURL /Nowhere/;UID=1]");
            assertThat(append(lisa, "URL \"http://example.com/\"")).last().asString().startsWith("c1 BAD");
            assertThat(append(lisa, "PICTURE {1+}\r\nx")).last().asString().startsWith("c1 BAD");
            bart.command("CREATE Drafts");
            assertThat(append(bart, "URL \"/Shared/lisa@ima.com/INBOX/;UID=1\"")).last().asString()
                    .startsWith("c1 NO [BADURL");
            assertThat(lisa.command("STATUS Drafts (MESSAGES)").get(0)).isEqualTo("* STATUS Drafts (MESSAGES 0)");
        }
    }
}
