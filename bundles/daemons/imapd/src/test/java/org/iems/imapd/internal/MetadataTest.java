package org.iems.imapd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** METADATA and METADATA-SERVER (RFC 5464), and CREATE-SPECIAL-USE (RFC 6154 section 3), over a socket. */
class MetadataTest extends TrustedLoopbackServer {

    @Test
    void entriesAreSetReadWithDepthAndMaxSizeAndRemovedWithNil() throws Exception {
        try (ImapClient c = loggedIn("lisa@ima.com")) {
            assertThat(c.tagged("SETMETADATA INBOX (/private/comment \"My comment\" /shared/comment \"Ours\")"))
                    .endsWith("OK SETMETADATA completed");
            assertThat(c.command("GETMETADATA INBOX /private/comment")).containsExactly(
                    "* METADATA INBOX (/private/comment \"My comment\")", "a3 OK GETMETADATA completed");
            assertThat(c.command("GETMETADATA INBOX (/Shared/Comment /private/none)").get(0))
                    .as("names without case; a missing entry is NIL")
                    .isEqualTo("* METADATA INBOX (/shared/comment \"Ours\" /private/none NIL)");
            c.command("SETMETADATA INBOX (/private/a \"1\" /private/a/b \"22\" /private/a/b/c \"333\")");
            assertThat(c.command("GETMETADATA (DEPTH 1) INBOX /private/a").get(0))
                    .isEqualTo("* METADATA INBOX (/private/a \"1\" /private/a/b \"22\")");
            assertThat(c.command("GETMETADATA (DEPTH infinity) INBOX /private/a").get(0))
                    .isEqualTo("* METADATA INBOX (/private/a \"1\" /private/a/b \"22\" /private/a/b/c \"333\")");
            assertThat(c.command("GETMETADATA (MAXSIZE 2 DEPTH infinity) INBOX /private/a")).containsExactly(
                    "* METADATA INBOX (/private/a \"1\" /private/a/b \"22\")",
                    "a8 OK [METADATA LONGENTRIES 3] GETMETADATA completed");
            c.command("SETMETADATA INBOX (/private/a NIL)");
            assertThat(c.command("GETMETADATA INBOX /private/a").get(0)).isEqualTo("* METADATA INBOX (/private/a NIL)");
        }
    }

    @Test
    void valuesMayBeBinaryButNotTooLargeAndNamesMustBeValid() throws Exception {
        try (ImapClient c = loggedIn("lisa@ima.com")) {
            c.write("b1 SETMETADATA INBOX (/private/bin ~{3+}\r\na\0b)\r\n");
            assertThat(c.until("b1")).containsExactly("b1 OK SETMETADATA completed");
            assertThat(c.command("GETMETADATA INBOX /private/bin")).startsWith("* METADATA INBOX (/private/bin ~{3}",
                    "a\0b)");
            String large = "x".repeat(16 * 1024 + 1);
            c.write("b2 SETMETADATA INBOX (/private/big {" + large.length() + "+}\r\n" + large + ")\r\n");
            assertThat(c.until("b2")).containsExactly("b2 NO [METADATA MAXSIZE 16384] Value too large");
            for (String bad : List.of("/pri*vate/comment", "/other/x", "/private/a/", "/private//a", "private/a")) {
                assertThat(c.tagged("SETMETADATA INBOX (" + bad + " \"x\")")).as(bad).contains(" BAD ");
            }
            assertThat(c.tagged("SETMETADATA INBOX (/private/comment)")).contains(" BAD ");
            assertThat(c.tagged("GETMETADATA (DEPTH 2) INBOX /private/a")).contains(" BAD ");
            assertThat(c.tagged("GETMETADATA Nowhere /private/a")).contains(" NO [NONEXISTENT]");
        }
    }

    @Test
    void serverEntriesArePrivateToEachUserAndTheSharedOnesReadOnly() throws Exception {
        try (ImapClient lisa = loggedIn("lisa@ima.com"); ImapClient bart = loggedIn("bart@ima.com")) {
            assertThat(lisa.tagged("SETMETADATA \"\" (/private/vendor/app \"on\")")).endsWith("OK SETMETADATA completed");
            assertThat(lisa.tagged("SETMETADATA \"\" (/shared/admin \"mailto:me\")")).contains("NO [NOPERM]");
            assertThat(lisa.command("GETMETADATA \"\" /private/vendor/app").get(0))
                    .isEqualTo("* METADATA \"\" (/private/vendor/app \"on\")");
            assertThat(bart.command("GETMETADATA \"\" /private/vendor/app").get(0))
                    .isEqualTo("* METADATA \"\" (/private/vendor/app NIL)");
        }
    }

    @Test
    void onAnotherUsersMailboxSharedEntriesNeedReadAndWriteRights() throws Exception {
        try (ImapClient lisa = loggedIn("lisa@ima.com"); ImapClient bart = loggedIn("bart@ima.com")) {
            lisa.command("CREATE Team");
            lisa.command("SETACL Team bart@ima.com lr");
            lisa.command("SETMETADATA Team (/shared/comment \"team box\" /private/comment \"lisa only\")");
            assertThat(bart.command("GETMETADATA Shared/lisa@ima.com/Team (/shared/comment /private/comment)").get(0))
                    .isEqualTo("* METADATA Shared/lisa@ima.com/Team (/shared/comment \"team box\" /private/comment NIL)");
            assertThat(bart.tagged("SETMETADATA Shared/lisa@ima.com/Team (/shared/comment \"mine now\")"))
                    .contains("NO [NOPERM]");
            assertThat(bart.tagged("SETMETADATA Shared/lisa@ima.com/Team (/private/comment \"bart's\")"))
                    .endsWith("OK SETMETADATA completed");
            assertThat(lisa.command("GETMETADATA Team /private/comment").get(0))
                    .isEqualTo("* METADATA Team (/private/comment \"lisa only\")");
        }
    }

    @Test
    void createWithUseGivesAMailboxASpecialUseThatListShows() throws Exception {
        try (ImapClient c = loggedIn("lisa@ima.com")) {
            assertThat(c.tagged("CREATE Old (USE (\\Archive))")).contains("OK [MAILBOXID");
            assertThat(c.command("LIST \"\" Old").get(0)).isEqualTo("* LIST (\\HasNoChildren \\Archive) \"/\" Old");
            assertThat(c.command("LIST (SPECIAL-USE) \"\" *")).contains("* LIST (\\HasNoChildren \\Archive) \"/\" Old",
                    "* LIST (\\HasNoChildren \\Trash) \"/\" Trash");
            assertThat(c.command("GETMETADATA Old /private/specialuse").get(0))
                    .isEqualTo("* METADATA Old (/private/specialuse \"\\\\Archive\")");
            assertThat(c.tagged("CREATE Everything (USE (\\All))")).contains("NO [USEATTR]");
            assertThat(c.command("LIST \"\" Everything")).hasSize(1);
            assertThat(c.tagged("SETMETADATA Old (/private/specialuse \"\\\\Flagged\")")).contains("NO [USEATTR]");
            c.command("SETMETADATA Old (/private/specialuse NIL)");
            assertThat(c.command("LIST \"\" Old").get(0)).isEqualTo("* LIST (\\HasNoChildren) \"/\" Old");
            assertThat(c.tagged("CREATE Odd (SIZE 10)")).contains(" BAD ");
        }
    }
}
