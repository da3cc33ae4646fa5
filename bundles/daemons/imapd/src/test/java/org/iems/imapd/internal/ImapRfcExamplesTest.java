package org.iems.imapd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The RFCs' own example exchanges replayed against the server: RFC 3501 section 8 and the
 * examples of the extensions it announces. Where an example shows the server's free text or its
 * own numbers (UIDVALIDITY, UIDs), the test checks the syntax and the values this mailbox has.
 */
class ImapRfcExamplesTest extends TrustedLoopbackServer {

    /** The message of RFC 3501's FETCH example: its ENVELOPE and BODY are given in section 8. */
    private static final String RFC3501_MESSAGE = "Date: Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\r\n"
            + "From: Terry Gray <gray@cac.washington.edu>\r\n"
            + "Subject: IMAP4rev1 WG mtg summary and minutes\r\n"
            + "To: imap@cac.washington.edu\r\n"
            + "cc: minutes@CNRI.Reston.VA.US, John Klensin <KLENSIN@MIT.EDU>\r\n"
            + "Message-Id: <B27397-0100000@cac.washington.edu>\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: TEXT/PLAIN; CHARSET=US-ASCII\r\n\r\n"
            // 92 lines, 3028 octets, as the example's BODY says
            + ("x".repeat(31) + "\r\n").repeat(84) + ("y".repeat(30) + "\r\n").repeat(8);

    @Test
    void rfc3501Section8() throws Exception {
        server.deliver(ImapServer.LISA, "INBOX", "Subject: first\r\n\r\n1\r\n", Set.of("\\Seen"),
                OffsetDateTime.parse("1996-07-16T10:00:00Z").toInstant());
        server.deliver(ImapServer.LISA, "INBOX", RFC3501_MESSAGE, Set.of("\\Seen"),
                OffsetDateTime.parse("1996-07-17T02:44:25-07:00").toInstant());
        server.deliver(ImapServer.LISA, "Subject: third\r\n\r\n3\r\n");
        try (ImapClient c = client()) {
            assertThat(c.line()).startsWith("* OK [CAPABILITY IMAP4rev1 ");
            assertThat(c.tagged("login lisa@ima.com secret"))
                    .endsWith("OK [CAPABILITY " + ImapServer.CAPABILITIES + "] LOGIN completed");
            List<String> select = c.command("select inbox");
            assertThat(select).contains("* 3 EXISTS", "* 3 RECENT",
                    "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)", "* OK [UNSEEN 3] First unseen");
            assertThat(select).anyMatch(l -> l.matches("\\* OK \\[UIDVALIDITY \\d+] UIDs valid"));
            assertThat(select).last().isEqualTo("a2 OK [READ-WRITE] SELECT completed");
            assertThat(c.command("fetch 2 full")).containsExactly("* 2 FETCH (FLAGS (\\Seen \\Recent) INTERNALDATE"
                    + " \"17-Jul-1996 09:44:25 +0000\" RFC822.SIZE " + RFC3501_MESSAGE.length() + " ENVELOPE (\"Wed,"
                    + " 17 Jul 1996 02:23:25 -0700 (PDT)\" \"IMAP4rev1 WG mtg summary and minutes\" ((\"Terry Gray\" NIL"
                    + " \"gray\" \"cac.washington.edu\")) ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\"))"
                    + " ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) ((NIL NIL \"imap\""
                    + " \"cac.washington.edu\")) ((NIL NIL \"minutes\" \"CNRI.Reston.VA.US\")(\"John Klensin\" NIL"
                    + " \"KLENSIN\" \"MIT.EDU\")) NIL NIL \"<B27397-0100000@cac.washington.edu>\") BODY (\"TEXT\""
                    + " \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 3028 92))", "a3 OK FETCH completed");
            List<String> header = c.command("fetch 2 body[header]");
            int headerLength = RFC3501_MESSAGE.indexOf("\r\n\r\n") + 4;
            assertThat(header.get(0)).isEqualTo("* 2 FETCH (BODY[HEADER] {" + headerLength + "}");
            assertThat(header).contains("From: Terry Gray <gray@cac.washington.edu>", "", ")", "a4 OK FETCH completed");
            assertThat(c.command("store 2 +flags \\deleted")).containsExactly("* 2 FETCH (FLAGS (\\Deleted \\Seen \\Recent))",
                    "a5 OK STORE completed");
            assertThat(c.command("logout")).containsExactly("* BYE IEMS IMAP server logging out",
                    "a6 OK LOGOUT completed");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void literalPlusAndSaslIrExamples() throws Exception {
        try (ImapClient c = client()) {
            c.line();
            // RFC 7888 section 3, with this server's account
            c.write("A001 LOGIN {12+}\r\nlisa@ima.com {6+}\r\nsecret\r\n");
            assertThat(c.line()).startsWith("A001 OK [CAPABILITY ");
        }
        try (ImapClient c = client()) {
            c.line();
            // synchronizing literals wait for the continuation request (RFC 3501 section 4.3)
            c.write("A001 LOGIN {12}\r\n");
            assertThat(c.line()).isEqualTo("+ Ready for literal data");
            c.write("lisa@ima.com {6}\r\n");
            assertThat(c.line()).isEqualTo("+ Ready for literal data");
            c.write("secret\r\n");
            assertThat(c.line()).startsWith("A001 OK [CAPABILITY ");
        }
        String plain = Base64.getEncoder().encodeToString("\0lisa@ima.com\0secret".getBytes());
        try (ImapClient c = client()) {
            c.line();
            // RFC 4959 section 3: the initial response on the command line
            assertThat(c.tagged("AUTHENTICATE PLAIN " + plain)).endsWith("] AUTHENTICATE completed");
        }
        try (ImapClient c = client()) {
            c.line();
            // RFC 3501 section 6.2.2: the response after an empty challenge; "*" cancels
            c.write("a1 AUTHENTICATE PLAIN\r\n");
            assertThat(c.line()).isEqualTo("+ ");
            c.write("*\r\n");
            assertThat(c.line()).isEqualTo("a1 BAD Authentication cancelled");
            c.write("a2 AUTHENTICATE PLAIN\r\n");
            assertThat(c.line()).isEqualTo("+ ");
            c.write(Base64.getEncoder().encodeToString("\0lisa@ima.com\0wrong".getBytes()) + "\r\n");
            assertThat(c.line()).isEqualTo("a2 NO [AUTHENTICATIONFAILED] Authentication failed");
            c.write("a3 AUTHENTICATE PLAIN\r\n");
            c.line();
            c.write(plain + "\r\n");
            assertThat(c.line()).endsWith("] AUTHENTICATE completed");
        }
    }

    @Test
    void uidPlusMoveAndUnselectExamples() throws Exception {
        for (int i = 1; i <= 4; i++) {
            server.deliver(ImapServer.LISA, "Subject: " + i + "\r\n\r\nbody\r\n");
        }
        try (ImapClient c = client()) {
            c.login("lisa@ima.com");
            assertThat(c.tagged("CREATE meeting")).matches("a2 OK \\[MAILBOXID \\(M\\d+\\)] CREATE completed");
            long validity = server.store.status(ImapServer.LISA, "meeting").orElseThrow().uidValidity();
            c.tagged("SELECT INBOX");
            // RFC 4315 section 3
            c.write("A003 APPEND meeting (\\Seen) {20}\r\n");
            assertThat(c.line()).isEqualTo("+ Ready for literal data");
            c.write("Subject: x\r\n\r\nbody\r\n\r\n");
            assertThat(c.line()).isEqualTo("A003 OK [APPENDUID " + validity + " 1] APPEND completed");
            assertThat(c.tagged("COPY 2:4 meeting")).isEqualTo("a4 OK [COPYUID " + validity + " 2:4 2:4] COPY completed");
            assertThat(c.tagged("UID COPY 305:310 meeting")).isEqualTo("a5 OK UID COPY completed");
            assertThat(c.tagged("COPY 1 nowhere")).isEqualTo("a6 NO [TRYCREATE] No such mailbox");
            // RFC 6851 section 4.5
            assertThat(c.command("UID MOVE 2:3 meeting")).containsExactly("* OK [COPYUID " + validity
                    + " 2:3 5:6] Moved", "* 3 EXPUNGE", "* 2 EXPUNGE", "a7 OK UID MOVE completed");
            // RFC 4315 section 2.1: UID EXPUNGE removes only the named deleted messages
            c.tagged("STORE 1:2 +FLAGS.SILENT (\\Deleted)");
            assertThat(c.command("UID EXPUNGE 4")).containsExactly("* 2 EXPUNGE", "a9 OK UID EXPUNGE completed");
            // RFC 3691: UNSELECT leaves deleted messages in place
            assertThat(c.tagged("UNSELECT")).isEqualTo("a10 OK UNSELECT completed");
            assertThat(c.tagged("FETCH 1 FLAGS")).isEqualTo("a11 BAD FETCH is not allowed without a selected mailbox");
        }
        assertThat(server.store.messages(ImapServer.LISA, "INBOX", 1, 10)).extracting(m -> m.uid())
                .containsExactly(1L);
        assertThat(server.store.messages(ImapServer.LISA, "meeting", 1, 10)).hasSize(6);
    }

    @Test
    void condStoreExamples() throws Exception {
        for (int i = 1; i <= 3; i++) {
            server.deliver(ImapServer.LISA, "Subject: " + i + "\r\n\r\nbody\r\n");
        }
        try (ImapClient c = client(); ImapClient other = client()) {
            c.login("lisa@ima.com");
            other.login("lisa@ima.com");
            // RFC 5161 section 4 and RFC 7162 section 3.1.8
            assertThat(c.command("ENABLE CONDSTORE")).containsExactly("* ENABLED CONDSTORE", "a2 OK ENABLE completed");
            assertThat(c.command("SELECT INBOX")).anyMatch(l -> l.matches("\\* OK \\[HIGHESTMODSEQ \\d+] Highest"));
            assertThat(c.command("STORE 1 +FLAGS (\\Seen)")).first().asString()
                    .matches("\\* 1 FETCH \\(FLAGS \\(\\\\Seen \\\\Recent\\) MODSEQ \\(\\d+\\)\\)");
            long modSeq = server.store.status(ImapServer.LISA, "INBOX").orElseThrow().highestModSeq();
            other.tagged("SELECT INBOX");
            other.tagged("STORE 2 +FLAGS.SILENT (\\Flagged)");
            // RFC 7162 section 3.1.3: message 2 changed since, so it is left alone and reported
            assertThat(c.command("STORE 1:2 (UNCHANGEDSINCE " + modSeq + ") +FLAGS (\\Answered)"))
                    .contains("a5 OK [MODIFIED 2] STORE completed")
                    .anyMatch(l -> l.startsWith("* 1 FETCH (FLAGS (\\Answered \\Seen \\Recent) MODSEQ ("));
            // RFC 7162 section 3.1.4.1: FETCH CHANGEDSINCE
            List<String> changed = c.command("FETCH 1:* (FLAGS) (CHANGEDSINCE " + modSeq + ")");
            assertThat(changed).hasSize(3).last().isEqualTo("a6 OK FETCH completed");
            assertThat(c.command("SEARCH MODSEQ " + (modSeq + 1))).first().asString()
                    .matches("\\* SEARCH 1 2 \\(MODSEQ \\d+\\)");
        }
    }

    @Test
    void idleEnableIdAndNamespaceExamples() throws Exception {
        try (ImapClient c = client(); ImapClient other = client()) {
            c.login("lisa@ima.com");
            other.login("lisa@ima.com");
            // RFC 2971 section 3.1
            assertThat(c.command("ID (\"name\" \"sodr\" \"version\" \"19.34\" \"vendor\" NIL)")).first()
                    .isEqualTo("* ID (\"name\" \"IEMS\" \"vendor\" \"IEMS\" \"support-url\" \"https://iems.org/\")");
            assertThat(c.command("ID NIL")).hasSize(2);
            // RFC 2342 section 5, example 5.1
            assertThat(c.command("NAMESPACE")).containsExactly("* NAMESPACE ((\"\" \"/\")) ((\"Shared/\" \"/\")) NIL",
                    "a4 OK NAMESPACE completed");
            c.tagged("SELECT INBOX");
            // RFC 2177 section 3
            c.write("A002 IDLE\r\n");
            assertThat(c.line()).isEqualTo("+ idling");
            other.write("x APPEND INBOX {13+}\r\nSubject: x\r\n\r\n\r\n");
            assertThat(other.line()).startsWith("x OK [APPENDUID ");
            assertThat(c.line()).isEqualTo("* 1 EXISTS");
            assertThat(c.line()).isEqualTo("* 1 RECENT");
            c.write("DONE\r\n");
            assertThat(c.line()).isEqualTo("A002 OK IDLE terminated");
        }
    }

    @Test
    void sessionsSeeEachOthersChangesWhereRfc3501AllowsIt() throws Exception {
        for (int i = 1; i <= 3; i++) {
            server.deliver(ImapServer.LISA, "Subject: " + i + "\r\n\r\nbody\r\n");
        }
        try (ImapClient a = client(); ImapClient b = client()) {
            a.login("lisa@ima.com");
            b.login("lisa@ima.com");
            a.tagged("SELECT INBOX");
            b.tagged("SELECT INBOX");
            a.tagged("STORE 2 +FLAGS.SILENT (\\Deleted)");
            a.tagged("EXPUNGE");
            a.tagged("STORE 1 +FLAGS.SILENT (\\Flagged)");
            // section 7.4.1: no EXPUNGE while B fetches by sequence number; flag changes may come
            assertThat(b.command("FETCH 3 (UID)")).containsExactly("* 3 FETCH (UID 3)",
                    "* 1 FETCH (UID 1 FLAGS (\\Flagged))", "a3 OK FETCH completed");
            // at NOOP the expunge is reported
            assertThat(b.command("NOOP")).containsExactly("* 2 EXPUNGE", "a4 OK NOOP completed");
            // a message the session has not been told of yet is not in a result; EXISTS follows
            server.deliver(ImapServer.LISA, "Subject: 4\r\n\r\nbody\r\n");
            assertThat(b.command("UID SEARCH ALL")).containsExactly("* SEARCH 1 3", "* 3 EXISTS", "* 1 RECENT",
                    "a5 OK UID SEARCH completed");
        }
    }

    @Test
    void lsubShowsTheParentThatPercentStopsAtAsNoselect() throws Exception {
        try (ImapClient c = client()) {
            c.login("lisa@ima.com");
            c.tagged("CREATE news/comp/mail");
            c.tagged("SUBSCRIBE news/comp/mail");
            // RFC 3501 section 6.3.9: foo/bar subscribed, foo not: LSUB "" % gives foo, \Noselect
            assertThat(c.command("LSUB \"\" %")).contains("* LSUB (\\Noselect) \"/\" news")
                    .noneMatch(l -> l.contains("news/comp"));
            assertThat(c.command("LSUB \"\" news/%")).contains("* LSUB (\\Noselect) \"/\" news/comp")
                    .noneMatch(l -> l.endsWith("\" news"));
            assertThat(c.command("LSUB \"\" *")).contains("* LSUB () \"/\" news/comp/mail")
                    .noneMatch(l -> l.endsWith("\" news/comp") || l.endsWith("\" news"));
            c.tagged("SUBSCRIBE news");
            assertThat(c.command("LSUB \"\" %")).as("a subscribed parent is itself").contains("* LSUB () \"/\" news");
        }
    }

    @Test
    void mailboxManagementAndListExtendedExamples() throws Exception {
        server.deliver(ImapServer.LISA, "Subject: 1\r\n\r\nbody\r\n");
        try (ImapClient c = client()) {
            c.login("lisa@ima.com");
            // RFC 3501 section 6.3.3-6.3.7
            assertThat(c.tagged("CREATE owatagusiam/")).matches("a2 OK \\[MAILBOXID \\(M\\d+\\)] CREATE completed");
            assertThat(c.tagged("CREATE owatagusiam/blurdybloop")).matches("a3 OK \\[MAILBOXID \\(M\\d+\\)] CREATE completed");
            assertThat(c.tagged("CREATE owatagusiam")).isEqualTo("a4 NO [ALREADYEXISTS] Mailbox exists already");
            assertThat(c.tagged("DELETE owatagusiam")).startsWith("a5 NO [CANNOT] owatagusiam has mailboxes under it");
            assertThat(c.tagged("RENAME owatagusiam foo")).isEqualTo("a6 OK RENAME completed");
            assertThat(c.command("LIST \"\" foo*")).containsExactly("* LIST (\\HasChildren) \"/\" foo",
                    "* LIST (\\HasNoChildren) \"/\" foo/blurdybloop", "a7 OK LIST completed");
            assertThat(c.tagged("DELETE foo/blurdybloop")).isEqualTo("a8 OK DELETE completed");
            assertThat(c.tagged("DELETE nothing")).isEqualTo("a9 NO [NONEXISTENT] No such mailbox");
            assertThat(c.tagged("DELETE INBOX")).isEqualTo("a10 NO [CANNOT] INBOX cannot be deleted");
            // folders under INBOX are listed under it
            c.tagged("CREATE INBOX/Lists/iems");
            assertThat(c.command("LIST \"\" INBOX*")).containsExactly("* LIST (\\HasChildren) \"/\" INBOX",
                    "* LIST (\\HasChildren) \"/\" INBOX/Lists", "* LIST (\\HasNoChildren) \"/\" INBOX/Lists/iems",
                    "a12 OK LIST completed");
            assertThat(c.command("LIST inbox/ %")).containsExactly("* LIST (\\HasChildren) \"/\" INBOX/Lists",
                    "a13 OK LIST completed");
            // RFC 3501 section 6.3.6, 6.3.9: subscriptions, also of names that do not exist
            assertThat(c.tagged("SUBSCRIBE #news.comp.mail.misc")).isEqualTo("a14 OK SUBSCRIBE completed");
            c.tagged("SUBSCRIBE foo");
            assertThat(c.command("LSUB \"\" *")).containsExactly("* LSUB () \"/\" #news.comp.mail.misc",
                    "* LSUB () \"/\" foo", "a16 OK LSUB completed");
            // RFC 5258 section 5: selection and return options
            assertThat(c.command("LIST (SUBSCRIBED) \"\" *")).containsExactly(
                    "* LIST (\\NonExistent \\Subscribed) \"/\" #news.comp.mail.misc",
                    "* LIST (\\HasNoChildren \\Subscribed) \"/\" foo", "a17 OK LIST completed");
            assertThat(c.command("LIST \"\" (INBOX foo) RETURN (SUBSCRIBED CHILDREN)")).containsExactly(
                    "* LIST (\\HasChildren) \"/\" INBOX", "* LIST (\\HasNoChildren \\Subscribed) \"/\" foo",
                    "a18 OK LIST completed");
            assertThat(c.command("LIST (SPECIAL-USE) \"\" *")).containsExactly(
                    "* LIST (\\HasNoChildren \\Drafts) \"/\" Drafts", "* LIST (\\HasNoChildren \\Junk) \"/\" Junk",
                    "* LIST (\\HasNoChildren \\Sent) \"/\" Sent", "* LIST (\\HasNoChildren \\Trash) \"/\" Trash",
                    "a19 OK LIST completed");
            c.tagged("CREATE Lists/iems");
            c.tagged("SUBSCRIBE Lists/iems");
            assertThat(c.command("LIST (SUBSCRIBED RECURSIVEMATCH) \"\" %")).contains(
                    "* LIST (\\HasChildren) \"/\" Lists (\"CHILDINFO\" (\"SUBSCRIBED\"))");
            assertThat(c.tagged("LIST (RECURSIVEMATCH) \"\" %")).contains("BAD RECURSIVEMATCH needs");
            // RFC 5819 section 5
            assertThat(c.command("LIST \"\" INBOX RETURN (STATUS (MESSAGES UNSEEN))")).containsExactly(
                    "* LIST (\\HasChildren) \"/\" INBOX", "* STATUS INBOX (MESSAGES 1 UNSEEN 1)",
                    "a24 OK LIST completed");
            // RFC 3501 section 6.3.5: renaming INBOX moves its mail
            assertThat(c.tagged("RENAME INBOX \"Old mail\"")).isEqualTo("a25 OK RENAME completed");
            assertThat(c.command("STATUS \"Old mail\" (MESSAGES)")).first().isEqualTo(
                    "* STATUS \"Old mail\" (MESSAGES 1)");
            assertThat(c.command("STATUS INBOX (MESSAGES)")).first().isEqualTo("* STATUS INBOX (MESSAGES 0)");
        }
    }

    @Test
    void quotaExamples() throws Exception {
        server.directory.setQuota(ImapServer.LISA, 10 * 1024, 3);
        server.deliver(ImapServer.LISA, "Subject: 1\r\n\r\nbody\r\n");
        try (ImapClient c = client()) {
            c.login("lisa@ima.com");
            // RFC 9208 section 4.3.2 and 4.3.1
            assertThat(c.command("GETQUOTAROOT INBOX")).containsExactly("* QUOTAROOT INBOX \"\"",
                    "* QUOTA \"\" (STORAGE 1 10 MESSAGE 1 3)", "a2 OK GETQUOTAROOT completed");
            assertThat(c.command("GETQUOTA \"\"")).containsExactly("* QUOTA \"\" (STORAGE 1 10 MESSAGE 1 3)",
                    "a3 OK GETQUOTA completed");
            assertThat(c.tagged("GETQUOTA \"other\"")).isEqualTo("a4 NO [NONEXISTENT] No such quota root");
            assertThat(c.tagged("SETQUOTA \"\" (STORAGE 512)")).isEqualTo("a5 NO [NOPERM] Quotas are set by the"
                    + " administrator");
            c.tagged("APPEND INBOX {6+}\r\nx\r\n\r\n");
            c.tagged("APPEND INBOX {6+}\r\ny\r\n\r\n");
            // section 5.3: OVERQUOTA when a message would exceed a limit
            assertThat(c.tagged("APPEND INBOX {6+}\r\nz\r\n\r\n")).isEqualTo("a8 NO [OVERQUOTA] Quota exceeded");
            c.tagged("SELECT INBOX");
            c.tagged("STORE 1 +FLAGS.SILENT (\\Deleted)");
            assertThat(c.command("STATUS INBOX (MESSAGES DELETED DELETED-STORAGE)")).first()
                    .isEqualTo("* STATUS INBOX (MESSAGES 3 DELETED 1 DELETED-STORAGE 20)");
            assertThat(c.tagged("COPY 1:3 Drafts")).isEqualTo("a12 NO [OVERQUOTA] Quota exceeded; nothing was copied");
        }
        assertThat(server.store.status(ImapServer.LISA, "Drafts").orElseThrow().messages()).isZero();
    }
}
