package org.iems.imapd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The search extensions over a socket: ESEARCH (RFC 4731), SEARCHRES (RFC 5182), WITHIN (RFC
 * 5032), SORT and THREAD (RFC 5256) with SORT=DISPLAY (RFC 5957).
 */
class SearchExtensionsTest extends TrustedLoopbackServer {

    private static String message(String id, String refs, String from, String subject, String date) {
        return "Message-ID: <" + id + ">\r\n" + refs + "From: " + from + "\r\nSubject: " + subject + "\r\nDate: " + date
                + "\r\n\r\nbody\r\n";
    }

    @BeforeEach
    void fiveMessages() throws Exception {
        Instant now = Instant.now();
        server.deliver(ImapServer.LISA, "INBOX", message("a", "", "Zoe <zoe@z.org>", "plans",
                "Mon, 1 Jan 2024 10:00:00 +0000"), Set.of("\\Flagged"), now.minus(Duration.ofDays(10)));
        server.deliver(ImapServer.LISA, "INBOX", message("b", "References: <a>\r\n", "adam@a.org", "Re: plans",
                "Mon, 1 Jan 2024 12:00:00 +0000"), Set.of(), now.minus(Duration.ofDays(3)));
        server.deliver(ImapServer.LISA, "INBOX", message("c", "", "Bob <bob@b.org>", "budget",
                "Mon, 1 Jan 2024 09:00:00 +0000"), Set.of("\\Flagged"), now.minus(Duration.ofHours(5)));
        server.deliver(ImapServer.LISA, "INBOX", message("d", "In-Reply-To: <b>\r\n", "Zoe <zoe@z.org>",
                "Re: Re: plans", "Mon, 1 Jan 2024 13:00:00 +0000"), Set.of("\\Flagged"), now.minus(Duration.ofHours(1)));
        server.deliver(ImapServer.LISA, "INBOX", message("e", "", "carl@c.org", "Fwd: budget",
                "Tue, 2 Jan 2024 08:00:00 +0000"), Set.of(), now);
    }

    @Test
    void capabilityNamesTheSearchExtensions() throws Exception {
        try (ImapClient c = client()) {
            c.line();
            assertThat(c.command("CAPABILITY").get(0)).contains(" ESEARCH ", " SEARCHRES ", " WITHIN ", " SORT ",
                    " SORT=DISPLAY ", " THREAD=ORDEREDSUBJECT ", " THREAD=REFERENCES ");
        }
    }

    @Test
    void extendedSearchAnswersMinMaxCountAndAllInOneEsearchResponse() throws Exception {
        try (ImapClient c = selectedInbox()) {
            assertThat(c.command("SEARCH RETURN (MIN MAX COUNT ALL) FLAGGED")).containsExactly(
                    "* ESEARCH (TAG \"a3\") MIN 1 MAX 4 ALL 1,3:4 COUNT 3", "a3 OK SEARCH completed");
            assertThat(c.command("UID SEARCH RETURN () UNFLAGGED").get(0))
                    .isEqualTo("* ESEARCH (TAG \"a4\") UID ALL 2,5");
            assertThat(c.command("SEARCH RETURN (MIN MAX) DELETED").get(0)).isEqualTo("* ESEARCH (TAG \"a5\")");
            assertThat(c.command("SEARCH RETURN (COUNT) ALL").get(0)).isEqualTo("* ESEARCH (TAG \"a6\") COUNT 5");
            assertThat(c.command("SEARCH RETURN (FASTEST) ALL").get(0)).startsWith("a7 BAD");
        }
    }

    @Test
    void aModSeqSearchEnablesCondStoreTellsTheHighestModSeqAndAddsItToTheEsearchResponse() throws Exception {
        try (ImapClient c = selectedInbox()) {
            List<String> lines = c.command("SEARCH RETURN (MAX) MODSEQ 1");
            assertThat(lines.get(0)).matches("\\* OK \\[HIGHESTMODSEQ \\d+] .*");
            assertThat(lines.get(1)).matches("\\* ESEARCH \\(TAG \"a3\"\\) MAX 5 MODSEQ \\d+");
            assertThat(c.command("SEARCH RETURN (MAX) MODSEQ 1").get(0)).as("told once").startsWith("* ESEARCH");
        }
    }

    @Test
    void aSavedResultIsUsableAsDollarInFetchStoreCopyAndSearch() throws Exception {
        try (ImapClient c = selectedInbox()) {
            assertThat(c.command("SEARCH RETURN (SAVE) FLAGGED")).as("SAVE alone answers nothing")
                    .containsExactly("a3 OK SEARCH completed");
            assertThat(c.command("FETCH $ (UID)")).containsExactly("* 1 FETCH (UID 1)", "* 3 FETCH (UID 3)",
                    "* 4 FETCH (UID 4)", "a4 OK FETCH completed");
            assertThat(c.command("UID SEARCH UID $ SINCE 1-Jan-2000").get(0)).isEqualTo("* SEARCH 1 3 4");
            assertThat(c.command("SEARCH $").get(0)).isEqualTo("* SEARCH 1 3 4");
            assertThat(c.command("STORE $ +FLAGS.SILENT (\\Deleted)")).containsExactly("a7 OK STORE completed");
            assertThat(c.command("COPY $ INBOX").get(0)).startsWith("* 8 EXISTS");
            // expunged messages leave the saved result; the ones left keep their place in it
            c.command("UID STORE 1 -FLAGS.SILENT (\\Deleted)");
            c.command("UID EXPUNGE 3");
            assertThat(c.command("UID FETCH $ (FLAGS)")).containsExactly(
                    "* 1 FETCH (UID 1 FLAGS (\\Flagged \\Recent))", "* 3 FETCH (UID 4 FLAGS (\\Flagged \\Deleted \\Recent))",
                    "a11 OK UID FETCH completed");
            // a search with SAVE that fails empties the result; so does selecting again
            assertThat(c.command("SEARCH RETURN (SAVE) NOSUCHKEY").get(0)).startsWith("a12 BAD");
            assertThat(c.command("FETCH $ (UID)")).containsExactly("a13 OK FETCH completed");
            c.command("SEARCH RETURN (SAVE MIN MAX) ALL");
            assertThat(c.command("SEARCH $").get(0)).isEqualTo("* SEARCH 1 7");
            // a search that saves reads the result saved before it
            c.command("SEARCH RETURN (SAVE) $ UNDELETED");
            assertThat(c.command("SEARCH $").get(0)).isEqualTo("* SEARCH 1");
            c.command("SELECT INBOX");
            assertThat(c.command("SEARCH $").get(0)).isEqualTo("* SEARCH");
        }
    }

    @Test
    void olderAndYoungerCountSecondsBackFromNow() throws Exception {
        try (ImapClient c = selectedInbox()) {
            assertThat(c.command("SEARCH YOUNGER 86400").get(0)).isEqualTo("* SEARCH 3 4 5");
            assertThat(c.command("SEARCH OLDER 86400").get(0)).isEqualTo("* SEARCH 1 2");
            assertThat(c.command("SEARCH OLDER 300000 YOUNGER 900000").get(0)).isEqualTo("* SEARCH 1");
            assertThat(c.command("SEARCH YOUNGER soon").get(0)).startsWith("a6 BAD");
        }
    }

    @Test
    void sortOrdersByTheCriteriaAndUidSortNamesUids() throws Exception {
        try (ImapClient c = selectedInbox()) {
            assertThat(c.command("SORT (DATE) UTF-8 ALL")).containsExactly("* SORT 3 1 2 4 5", "a3 OK SORT completed");
            assertThat(c.command("SORT (REVERSE ARRIVAL) US-ASCII ALL").get(0)).isEqualTo("* SORT 5 4 3 2 1");
            assertThat(c.command("SORT (SUBJECT DATE) UTF-8 ALL").get(0)).isEqualTo("* SORT 3 5 1 2 4");
            assertThat(c.command("SORT (FROM) UTF-8 FLAGGED").get(0)).isEqualTo("* SORT 3 1 4");
            assertThat(c.command("SORT (DISPLAYFROM) UTF-8 ALL").get(0)).isEqualTo("* SORT 2 3 5 1 4");
            assertThat(c.command("UID SORT (SIZE REVERSE DATE) UTF-8 UID 2:*").get(0)).startsWith("* SORT ");
            assertThat(c.command("SORT (DATE) UTF-8 DELETED").get(0)).isEqualTo("* SORT");
            assertThat(c.tagged("SORT (DATE) KOI8-R ALL")).startsWith("a10 NO [BADCHARSET");
            assertThat(c.tagged("SORT (COLOUR) UTF-8 ALL")).startsWith("a11 BAD");
            assertThat(c.tagged("SORT DATE UTF-8 ALL")).startsWith("a12 BAD");
        }
    }

    @Test
    void threadGroupsRepliesByReferencesOrBySubject() throws Exception {
        try (ImapClient c = selectedInbox()) {
            assertThat(c.command("THREAD REFERENCES UTF-8 ALL"))
                    .containsExactly("* THREAD (3 5)(1 2 4)", "a3 OK THREAD completed");
            assertThat(c.command("THREAD ORDEREDSUBJECT UTF-8 ALL").get(0)).isEqualTo("* THREAD (3 5)(1 (2)(4))");
            assertThat(c.command("UID THREAD REFERENCES UTF-8 UNFLAGGED").get(0)).isEqualTo("* THREAD (2)(5)");
            assertThat(c.command("THREAD REFERENCES UTF-8 DELETED").get(0)).isEqualTo("* THREAD");
            assertThat(c.tagged("THREAD SPIDERWEB UTF-8 ALL")).startsWith("a7 BAD");
        }
    }
}
