package org.iems.imapd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** NOTIFY (RFC 5465): changes told without being asked, for the selected mailbox and for others. */
class NotifyTest extends TrustedLoopbackServer {

    private static final String MESSAGE = "Subject: hi\r\n\r\nhello\r\n";

    @Test
    void theSelectedMailboxsChangesComeAsTheyHappen() throws Exception {
        server.deliver(ImapServer.LISA, MESSAGE);
        try (ImapClient c = loggedIn(); ImapClient other = loggedIn()) {
            assertThat(c.tagged("NOTIFY SET (SELECTED (MessageNew MessageExpunge FlagChange))"))
                    .endsWith("OK NOTIFY completed");
            c.command("SELECT INBOX");
            server.deliver(ImapServer.LISA, MESSAGE);
            assertThat(c.line()).isEqualTo("* 2 EXISTS");
            assertThat(c.line()).isEqualTo("* 2 RECENT");
            other.command("SELECT INBOX");
            other.command("STORE 1 +FLAGS.SILENT (\\Seen)");
            assertThat(c.line()).isEqualTo("* 1 FETCH (UID 1 FLAGS (\\Seen \\Recent))");
            other.command("STORE 1 +FLAGS.SILENT (\\Deleted)");
            assertThat(c.line()).isEqualTo("* 1 FETCH (UID 1 FLAGS (\\Deleted \\Seen \\Recent))");
            other.command("EXPUNGE");
            assertThat(c.line()).isEqualTo("* 1 EXPUNGE");
            assertThat(c.tagged("NOTIFY NONE")).endsWith("OK NOTIFY completed");
        }
    }

    @Test
    void selectedDelayedHoldsExpungesBackToTheNextCommand() throws Exception {
        server.deliver(ImapServer.LISA, MESSAGE);
        server.deliver(ImapServer.LISA, MESSAGE);
        try (ImapClient c = loggedIn(); ImapClient other = loggedIn()) {
            c.command("NOTIFY SET (SELECTED-DELAYED (MessageNew MessageExpunge))");
            c.command("SELECT INBOX");
            other.command("SELECT INBOX");
            other.command("STORE 1 +FLAGS.SILENT (\\Deleted)");
            other.command("EXPUNGE");
            server.deliver(ImapServer.LISA, MESSAGE);
            String line;
            do {
                line = c.line();
                assertThat(line).as("the expunge is held back").doesNotEndWith("EXPUNGE");
            } while (!line.endsWith("EXISTS"));
            assertThat(line).as("the new message is told").isEqualTo("* 3 EXISTS");
            c.line();
            assertThat(c.command("NOOP")).startsWith("* 1 EXPUNGE");
        }
    }

    @Test
    void otherMailboxesAreToldAsStatusAndStatusAsksForAllAtOnce() throws Exception {
        try (ImapClient c = loggedIn()) {
            c.command("CREATE Work");
            c.command("SELECT Work");
            List<String> set = c.command("NOTIFY SET STATUS (PERSONAL (MessageNew MessageExpunge))");
            assertThat(set).contains("* STATUS INBOX (MESSAGES 0 UIDNEXT 1 UNSEEN 0)",
                    "* STATUS Work (MESSAGES 0 UIDNEXT 1 UNSEEN 0)");
            server.deliver(ImapServer.LISA, MESSAGE);
            assertThat(c.line()).isEqualTo("* STATUS INBOX (MESSAGES 1 UIDNEXT 2 UNSEEN 1)");
            c.command("NOTIFY NONE");
            server.deliver(ImapServer.LISA, MESSAGE);
            assertThat(c.command("NOOP")).as("nothing told after NOTIFY NONE").containsExactly("a6 OK NOOP completed");
        }
    }

    @Test
    void eventsNotOfferedOrNotPairedAreRefused() throws Exception {
        try (ImapClient c = loggedIn()) {
            assertThat(c.tagged("NOTIFY SET (SELECTED (MessageNew))")).contains(" BAD ");
            assertThat(c.tagged("NOTIFY SET (PERSONAL (MailboxName))"))
                    .contains("NO [BADEVENT (MessageNew MessageExpunge FlagChange)]");
            assertThat(c.tagged("NOTIFY SET (SELECTED (MessageNew (UID) MessageExpunge))")).contains("NO [BADEVENT");
            assertThat(c.tagged("NOTIFY SET (EVERYWHERE (MessageNew MessageExpunge))")).contains(" BAD ");
            assertThat(c.tagged("NOTIFY SET (MAILBOXES (INBOX Nowhere) (MessageNew MessageExpunge))"))
                    .as("a mailbox that does not exist yet may be named").endsWith("OK NOTIFY completed");
            assertThat(c.tagged("NOTIFY SET (SUBTREE INBOX (MessageNew MessageExpunge)) (SELECTED NONE)"))
                    .endsWith("OK NOTIFY completed");
        }
    }
}
