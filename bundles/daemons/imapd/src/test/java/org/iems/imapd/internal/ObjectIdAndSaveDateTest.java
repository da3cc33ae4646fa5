package org.iems.imapd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** OBJECTID (RFC 8474: MAILBOXID, EMAILID, THREADID) and SAVEDATE (RFC 8514) over a socket. */
class ObjectIdAndSaveDateTest extends TrustedLoopbackServer {

    private static final Pattern MAILBOX_ID = Pattern.compile("MAILBOXID \\((M\\d+)\\)");
    private static final Pattern EMAIL_ID = Pattern.compile("EMAILID \\((E[0-9a-f]{24})\\)");
    private static final String MESSAGE = "Subject: kept\r\n\r\nhello\r\n";

    private static String first(Pattern p, List<String> lines) {
        for (String line : lines) {
            Matcher m = p.matcher(line);
            if (m.find()) {
                return m.group(1);
            }
        }
        throw new AssertionError(p + " not in " + lines);
    }

    @Test
    void aMailboxKeepsItsIdThroughRenameAndEveryResponseNamesTheSameOne() throws Exception {
        try (ImapClient c = client()) {
            c.login("lisa@ima.com");
            String id = first(MAILBOX_ID, c.command("CREATE Projects"));
            assertThat(first(MAILBOX_ID, c.command("SELECT Projects"))).isEqualTo(id);
            assertThat(c.command("STATUS Projects (MAILBOXID MESSAGES)").get(0))
                    .isEqualTo("* STATUS Projects (MAILBOXID (" + id + ") MESSAGES 0)");
            c.command("UNSELECT");
            c.command("RENAME Projects Archive");
            assertThat(first(MAILBOX_ID, c.command("LIST \"\" Archive RETURN (STATUS (MAILBOXID))"))).isEqualTo(id);
            assertThat(first(MAILBOX_ID, c.command("CREATE Projects"))).isNotEqualTo(id);
            assertThat(c.command("SELECT INBOX")).anyMatch(l -> l.matches("\\* OK \\[MAILBOXID \\(M\\d+\\)] .*"));
        }
    }

    @Test
    void aCopyKeepsItsEmailIdWhichSearchFindsAndThreadIdIsNil() throws Exception {
        server.deliver(ImapServer.LISA, MESSAGE);
        server.deliver(ImapServer.LISA, "Subject: other\r\n\r\nbye\r\n");
        try (ImapClient c = client()) {
            c.login("lisa@ima.com");
            c.command("CREATE Kept");
            c.command("SELECT INBOX");
            List<String> fetch = c.command("FETCH 1 (EMAILID THREADID)");
            assertThat(fetch.get(0)).matches("\\* 1 FETCH \\(EMAILID \\(E[0-9a-f]{24}\\) THREADID NIL\\)");
            String id = first(EMAIL_ID, fetch);
            assertThat(first(EMAIL_ID, c.command("FETCH 2 EMAILID"))).isNotEqualTo(id);
            c.command("COPY 1 Kept");
            c.command("SELECT Kept");
            assertThat(first(EMAIL_ID, c.command("FETCH 1 (EMAILID)"))).isEqualTo(id);
            assertThat(c.command("SEARCH EMAILID " + id).get(0)).isEqualTo("* SEARCH 1");
            assertThat(c.command("SEARCH EMAILID Enothing").get(0)).isEqualTo("* SEARCH");
            assertThat(c.command("SEARCH THREADID T1").get(0)).isEqualTo("* SEARCH");
        }
    }

    @Test
    void theSaveDateIsWhenTheMessageCameIntoTheMailboxNotItsInternalDate() throws Exception {
        String today = LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("d-MMM-yyyy", Locale.ENGLISH));
        try (ImapClient c = client()) {
            c.login("lisa@ima.com");
            c.write("s1 APPEND INBOX \"01-Feb-2020 10:00:00 +0000\" {" + MESSAGE.length() + "+}\r\n" + MESSAGE + "\r\n");
            c.until("s1");
            c.command("SELECT INBOX");
            String fetch = c.command("FETCH 1 (INTERNALDATE SAVEDATE)").get(0);
            assertThat(fetch).startsWith("* 1 FETCH (INTERNALDATE \"01-Feb-2020 10:00:00 +0000\" SAVEDATE \"")
                    .doesNotContain("SAVEDATE \"01-Feb-2020");
            assertThat(c.command("SEARCH SAVEDSINCE " + today).get(0)).isEqualTo("* SEARCH 1");
            assertThat(c.command("SEARCH SAVEDBEFORE 1-Jan-2021").get(0)).isEqualTo("* SEARCH");
            assertThat(c.command("SEARCH BEFORE 1-Jan-2021").get(0)).isEqualTo("* SEARCH 1");
            assertThat(c.command("SEARCH SAVEDATESUPPORTED").get(0)).isEqualTo("* SEARCH 1");
            assertThat(c.tagged("SEARCH SAVEDON tomorrow")).contains("BAD");
        }
    }
}
