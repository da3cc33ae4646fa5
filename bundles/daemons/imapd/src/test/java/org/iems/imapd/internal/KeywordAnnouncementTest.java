package org.iems.imapd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RFC 3501 section 7.2.6: a session hears of a keyword in FLAGS (and PERMANENTFLAGS) before any
 * FETCH shows it, whoever set it: the session itself, another session, or an APPEND.
 */
class KeywordAnnouncementTest extends TrustedLoopbackServer {

    private static int index(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void aNewKeywordIsNamedInFlagsBeforeTheFetchThatShowsIt() throws Exception {
        server.deliver(ImapServer.LISA, "Subject: one\r\n\r\nx\r\n");
        try (ImapClient a = client(); ImapClient b = client()) {
            a.login("lisa@ima.com");
            b.login("lisa@ima.com");
            assertThat(a.command("SELECT INBOX")).contains("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)");
            b.command("SELECT INBOX");

            List<String> own = a.command("STORE 1 +FLAGS ($Important)");
            assertThat(own).startsWith("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Important)",
                    "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Important \\*)] Flags permitted");
            assertThat(index(own, "* 1 FETCH")).isEqualTo(2);

            b.command("STORE 1 +FLAGS (Project-X)");
            List<String> told = a.command("NOOP");
            assertThat(index(told, "* FLAGS (")).as("FLAGS before the FETCH").isGreaterThanOrEqualTo(0)
                    .isLessThan(index(told, "* 1 FETCH"));
            assertThat(told.get(index(told, "* FLAGS ("))).endsWith(" $Important Project-X)");

            b.command("APPEND INBOX (Later) {5+}\r\nx\r\n\r\n");
            assertThat(a.command("NOOP")).contains("* 2 EXISTS").noneMatch(l -> l.contains("Later"));
            List<String> fetch = a.command("FETCH 2 FLAGS");
            assertThat(fetch.get(0)).isEqualTo("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Important Later"
                    + " Project-X)");
            assertThat(index(fetch, "* 2 FETCH")).isEqualTo(2);
            assertThat(a.command("FETCH 2 FLAGS")).as("named once").noneMatch(l -> l.startsWith("* FLAGS"));
        }
    }
}
