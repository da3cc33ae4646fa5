package org.iems.imapd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * QRESYNC (RFC 7162 section 3.2): a client that comes back with the UIDVALIDITY and MODSEQ it
 * knew learns in its SELECT what was expunged (VANISHED (EARLIER)) and what changed; a selected
 * session hears of expunges as VANISHED; UID FETCH (CHANGEDSINCE … VANISHED); CLOSED.
 */
class QresyncTest extends TrustedLoopbackServer {

    private static final Pattern NUMBER = Pattern.compile("\\[(?:UIDVALIDITY|HIGHESTMODSEQ) (\\d+)]");

    private long uidValidity;
    private long modSeq;

    @BeforeEach
    void fiveMessagesKnownToAClient() throws Exception {
        for (int i = 1; i <= 5; i++) {
            server.deliver(ImapServer.LISA, "Subject: " + i + "\r\n\r\nbody\r\n");
        }
        try (ImapClient c = loggedIn()) {
            c.command("ENABLE CONDSTORE");
            List<String> select = c.command("SELECT INBOX");
            uidValidity = value(select, "UIDVALIDITY");
            modSeq = value(select, "HIGHESTMODSEQ");
        }
        // then, while the client is away, another expunges 2 and 4 and flags 3
        try (ImapClient other = loggedIn()) {
            other.command("SELECT INBOX");
            other.command("UID STORE 2,4 +FLAGS.SILENT (\\Deleted)");
            other.command("UID EXPUNGE 2,4");
            other.command("UID STORE 3 +FLAGS.SILENT (\\Flagged)");
        }
    }

    private static long value(List<String> lines, String code) {
        for (String line : lines) {
            Matcher m = NUMBER.matcher(line);
            if (line.contains("[" + code + " ") && m.find()) {
                return Long.parseLong(m.group(1));
            }
        }
        throw new AssertionError(code + " not in " + lines);
    }

    @Test
    void selectWithQresyncTellsWhatVanishedAndWhatChangedSinceTheClientsModSeq() throws Exception {
        try (ImapClient c = loggedIn()) {
            assertThat(c.command("ENABLE QRESYNC")).startsWith("* ENABLED QRESYNC");
            List<String> select = c.command("SELECT INBOX (QRESYNC (" + uidValidity + " " + modSeq + "))");
            assertThat(select).contains("* 3 EXISTS", "* VANISHED (EARLIER) 2,4");
            assertThat(select).anyMatch(l -> l.matches("\\* 2 FETCH \\(UID 3 FLAGS \\(\\\\Flagged\\) MODSEQ \\(\\d+\\)\\)"));
            assertThat(select.indexOf("* VANISHED (EARLIER) 2,4")).as("after the mailbox's own responses")
                    .isGreaterThan(select.indexOf("* 3 EXISTS"));
            assertThat(select).filteredOn(l -> l.contains("FETCH")).hasSize(1);
            assertThat(select.get(select.size() - 1)).endsWith("OK [READ-WRITE] SELECT completed");
        }
    }

    @Test
    void knownUidsLimitWhatIsToldAndAnotherUidValidityTellsNothing() throws Exception {
        try (ImapClient c = loggedIn()) {
            c.command("ENABLE QRESYNC");
            assertThat(c.command("EXAMINE INBOX (QRESYNC (" + uidValidity + " " + modSeq + " 1:3 (1:3 1:3)))"))
                    .contains("* VANISHED (EARLIER) 2");
            List<String> other = c.command("SELECT INBOX (QRESYNC (" + (uidValidity + 1) + " " + modSeq + "))");
            assertThat(other).first().isEqualTo("* OK [CLOSED] Previous mailbox closed");
            assertThat(other).noneMatch(l -> l.contains("VANISHED") || l.contains("FETCH"));
        }
    }

    @Test
    void aSessionWithQresyncHearsOfExpungesAsVanished() throws Exception {
        try (ImapClient a = loggedIn(); ImapClient b = loggedIn()) {
            a.command("ENABLE QRESYNC");
            a.command("SELECT INBOX");
            b.command("SELECT INBOX");
            b.command("UID STORE 5 +FLAGS.SILENT (\\Deleted)");
            b.command("EXPUNGE");
            List<String> noop = a.command("NOOP");
            assertThat(noop).contains("* VANISHED 5").noneMatch(l -> l.endsWith("EXPUNGE"));
            a.command("UID STORE 1 +FLAGS.SILENT (\\Deleted)");
            assertThat(a.command("EXPUNGE")).startsWith("* VANISHED 1");
            assertThat(b.command("NOOP")).as("a session without QRESYNC still hears EXPUNGE")
                    .contains("* 1 EXPUNGE");
        }
    }

    @Test
    void uidFetchWithVanishedTellsTheExpungedUidsOfTheSetFirst() throws Exception {
        try (ImapClient c = loggedIn()) {
            assertThat(c.command("SELECT INBOX").get(0)).doesNotContain("CLOSED");
            assertThat(c.tagged("UID FETCH 1:* (FLAGS) (CHANGEDSINCE " + modSeq + " VANISHED)"))
                    .as("not without ENABLE QRESYNC").contains("BAD");
            c.command("ENABLE QRESYNC");
            List<String> fetch = c.command("UID FETCH 1:* (FLAGS) (CHANGEDSINCE " + modSeq + " VANISHED)");
            assertThat(fetch.get(0)).isEqualTo("* VANISHED (EARLIER) 2,4");
            assertThat(fetch.get(1)).matches("\\* 2 FETCH \\(UID 3 FLAGS \\(\\\\Flagged\\) MODSEQ \\(\\d+\\)\\)");
            assertThat(c.command("UID FETCH 3:* (FLAGS) (CHANGEDSINCE " + modSeq + " VANISHED)").get(0))
                    .isEqualTo("* VANISHED (EARLIER) 4");
            assertThat(c.tagged("FETCH 1:* (FLAGS) (CHANGEDSINCE " + modSeq + " VANISHED)")).contains("BAD");
            assertThat(c.tagged("UID FETCH 1:* (FLAGS) (VANISHED)")).contains("BAD");
        }
    }

    @Test
    void qresyncParametersNeedQresyncEnabled() throws Exception {
        try (ImapClient c = loggedIn()) {
            assertThat(c.tagged("SELECT INBOX (QRESYNC (" + uidValidity + " " + modSeq + "))")).contains("BAD");
            c.command("ENABLE QRESYNC");
            assertThat(c.tagged("SELECT INBOX (QRESYNC (0 1))")).contains("BAD");
            assertThat(c.tagged("SELECT INBOX (QRESYNC (" + uidValidity + "))")).contains("BAD");
        }
    }
}
