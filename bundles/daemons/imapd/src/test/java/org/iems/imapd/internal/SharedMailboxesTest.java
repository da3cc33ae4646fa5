package org.iems.imapd.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iems.imapd.internal.ImapServer.BART;
import static org.iems.imapd.internal.ImapServer.LISA;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Shared mailboxes (RFC 4314 access control, RFC 2342 other users' namespace): an owner grants
 * rights, the grantee finds the mailbox under {@code Shared/<owner>/} and works within them.
 */
class SharedMailboxesTest extends TrustedLoopbackServer {

    @BeforeEach
    void fill() throws Exception {
        server.store.createMailbox(BART, "Team/Plans");
        server.store.createMailbox(BART, "Private");
        server.deliver(BART, "Team/Plans", "Subject: plan\r\n\r\nthe plan\r\n", Set.of(), Instant.now());
        server.deliver(BART, "Private", "Subject: secret\r\n\r\nsecret\r\n", Set.of(), Instant.now());
    }

    @Test
    void theOwnerGrantsAndTheGranteeWorksWithinTheRights() throws Exception {
        try (ImapClient bart = loggedIn("bart@ima.com"); ImapClient lisa = loggedIn("lisa@ima.com")) {
            assertThat(lisa.tagged("SELECT Shared/bart@ima.com/Team/Plans")).endsWith("NO [NONEXISTENT] No such mailbox");
            // RFC 4314 section 3.1: rights are granted per identifier; a bare name is in the owner's domain
            assertThat(bart.tagged("SETACL Team/Plans lisa lrs")).endsWith("OK SETACL completed");
            assertThat(bart.command("GETACL Team/Plans")).first().isEqualTo("* ACL Team/Plans bart@ima.com lrswipkxtea"
                    + " lisa@ima.com lrs");
            assertThat(bart.tagged("SETACL Team/Plans nobody@ima.com lr")).contains("NO [NONEXISTENT]");
            assertThat(bart.tagged("SETACL Team/Plans lisa lrz")).contains("BAD Unknown right 'z'");

            assertThat(lisa.command("NAMESPACE")).first()
                    .isEqualTo("* NAMESPACE ((\"\" \"/\")) ((\"Shared/\" \"/\")) NIL");
            assertThat(lisa.command("LIST \"\" Shared/*")).containsExactly(
                    "* LIST (\\Noselect \\HasChildren) \"/\" Shared/bart@ima.com",
                    "* LIST (\\Noselect \\HasChildren) \"/\" Shared/bart@ima.com/Team",
                    "* LIST (\\HasNoChildren) \"/\" Shared/bart@ima.com/Team/Plans", "a4 OK LIST completed");
            assertThat(lisa.command("MYRIGHTS Shared/bart@ima.com/Team/Plans")).first()
                    .isEqualTo("* MYRIGHTS Shared/bart@ima.com/Team/Plans lrs");
            assertThat(lisa.tagged("SELECT Shared/bart@ima.com/Private")).endsWith("NO [NONEXISTENT] No such mailbox");
            assertThat(lisa.command("SELECT Shared/bart@ima.com/Team/Plans")).contains("* 1 EXISTS").last()
                    .asString().endsWith("OK [READ-WRITE] SELECT completed");
            // s: reading marks \Seen in the owner's mailbox; t and w are missing
            assertThat(lisa.command("FETCH 1 BODY[TEXT]")).contains("the plan", " FLAGS (\\Seen \\Recent))");
            assertThat(lisa.tagged("STORE 1 +FLAGS (\\Deleted)")).endsWith("NO [NOPERM] You may not change \\Deleted"
                    + " in this mailbox");
            assertThat(lisa.tagged("STORE 1 +FLAGS ($Important)")).endsWith("NO [NOPERM] You may not change flags in"
                    + " this mailbox");
            assertThat(lisa.tagged("EXPUNGE")).endsWith("NO [NOPERM] You may not expunge in this mailbox");
            assertThat(lisa.tagged("APPEND Shared/bart@ima.com/Team/Plans {8+}\r\nx: y\r\n\r\n"))
                    .endsWith("NO [NOPERM] You may not insert messages in this mailbox");
            assertThat(lisa.tagged("GETACL Shared/bart@ima.com/Team/Plans"))
                    .endsWith("NO [NOPERM] You may not administer rights in this mailbox");
            assertThat(lisa.tagged("DELETE Shared/bart@ima.com/Team/Plans"))
                    .endsWith("NO [NOPERM] You may not delete the mailbox in this mailbox");

            // more rights: insert, and the copy counts against the owner's quota
            bart.tagged("SETACL Team/Plans lisa +i");
            assertThat(lisa.tagged("APPEND Shared/bart@ima.com/Team/Plans {8+}\r\nx: y\r\n\r\n")).contains("OK [APPENDUID");
            lisa.tagged("SELECT INBOX");
            server.deliver(LISA, "Subject: for the team\r\n\r\nidea\r\n");
            lisa.tagged("NOOP");
            assertThat(lisa.tagged("COPY 1 Shared/bart@ima.com/Team/Plans")).contains("OK [COPYUID");
            assertThat(server.store.messages(BART, "Team/Plans", 1, 10)).hasSize(3);
            assertThat(server.store.usage(BART).messages()).isEqualTo(4);

            // RFC 4314 section 3.3, 3.7: listing rights
            assertThat(bart.command("LISTRIGHTS Team/Plans lisa")).first()
                    .isEqualTo("* LISTRIGHTS Team/Plans lisa@ima.com \"\" l r s w i p k x t e a");
            assertThat(bart.tagged("DELETEACL Team/Plans lisa")).endsWith("OK DELETEACL completed");
            assertThat(lisa.tagged("STATUS Shared/bart@ima.com/Team/Plans (MESSAGES)"))
                    .endsWith("NO [NONEXISTENT] No such mailbox");
        }
    }

    @Test
    void anyoneGivesEveryAccountTheRights() throws Exception {
        try (ImapClient bart = loggedIn("bart@ima.com"); ImapClient lisa = loggedIn("lisa@ima.com")) {
            bart.tagged("SETACL Private anyone lr");
            assertThat(lisa.command("EXAMINE Shared/bart@ima.com/Private")).contains("* 1 EXISTS").last().asString()
                    .endsWith("OK [READ-ONLY] EXAMINE completed");
            assertThat(lisa.command("SELECT Shared/bart@ima.com/Private")).last().asString()
                    .endsWith("OK [READ-ONLY] SELECT completed");
            // without s, reading leaves \Seen alone
            lisa.command("FETCH 1 BODY[]");
            assertThat(server.store.messages(BART, "Private", 1, 10).get(0).flags()).isEmpty();
        }
    }

    @Test
    void anIdlingGranteeHearsOfTheOwnersNewMessages() throws Exception {
        server.store.setRights(BART, "Team/Plans", LISA.key(), "lr");
        try (ImapClient lisa = loggedIn("lisa@ima.com")) {
            lisa.tagged("SELECT Shared/bart@ima.com/Team/Plans");
            lisa.write("i IDLE\r\n");
            assertThat(lisa.line()).isEqualTo("+ idling");
            server.deliver(BART, "Team/Plans", "Subject: news\r\n\r\nnews\r\n", Set.of(), Instant.now());
            assertThat(lisa.line()).isEqualTo("* 2 EXISTS");
        }
    }
}
