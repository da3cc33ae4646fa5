package org.iems.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.iems.api.blob.BlobStore;
import org.iems.api.mail.MailAddress;
import org.iems.api.store.MessageStore;
import org.iems.api.store.StoredMessage;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * Mail access in the real distribution: mail that came in over SMTP read and deleted over POP3
 * and IMAP, an idling IMAP session told of new mail; the POP3 and IMAP bundles updated while the
 * other protocols' sessions are open.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MailAccessIT extends IemsTestSupport {

    private int pop3Port() throws IOException, InterruptedException {
        return listeningPort("org.iems.pop3d", "pop3.port");
    }

    private int imapPort() throws IOException, InterruptedException {
        return listeningPort("org.iems.imapd", "imap.port");
    }

    private int smtpPort() throws IOException, InterruptedException {
        return listeningPort("org.iems.smtpd", "mx.port");
    }

    private List<StoredMessage> inbox(String address) throws Exception {
        return service(MessageStore.class, 30_000).messages(MailAddress.parse(address), "INBOX", 1, 1000);
    }

    private void awaitInbox(String address, int count) throws Exception {
        await(count + " messages in the INBOX of " + address, 60_000, () -> {
            try {
                return inbox(address).size() == count;
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    public void mailSentOverSmtpIsReadAndDeletedOverPop3() throws Exception {
        ok("iems:user-add --password-file " + passwordFile("bart-pw") + " bart@ima.com");
        String message = "From: lisa@remote.example\r\nSubject: via pop3\r\n\r\nline\r\n.dot line\r\n";
        try (SmtpTestClient smtp = new SmtpTestClient(smtpPort())) {
            assertTrue(smtp.mail("lisa@remote.example", "bart@ima.com", message).startsWith("250"));
        }
        awaitInbox("bart@ima.com", 1);
        StoredMessage stored = inbox("bart@ima.com").get(0);
        byte[] bytes;
        try (InputStream in = stored.open(service(BlobStore.class, 30_000))) {
            bytes = in.readAllBytes();
        }
        assertTrue(new String(bytes, StandardCharsets.UTF_8).startsWith("Return-Path: <lisa@remote.example>\r\n"));
        try (Pop3TestClient pop = new Pop3TestClient(pop3Port())) {
            pop.login("bart", "bart-pw");
            assertEquals("+OK 1 " + stored.size(), pop.send("STAT"));
            assertEquals(new String(bytes, StandardCharsets.UTF_8), pop.retrieve(1));
            assertTrue(pop.send("DELE 1").startsWith("+OK"));
            assertTrue(pop.send("QUIT").startsWith("+OK"));
        }
        awaitInbox("bart@ima.com", 0);
        assertTrue(ok("iems:user-show bart@ima.com").contains("Messages:      0"));
    }

    @Test
    public void updatingThePop3BundleLeavesSmtpSessionsAloneAndPop3ComesBack() throws Exception {
        ok("iems:user-add --password-file " + passwordFile("homer-pw") + " homer@ima.com");
        try (SmtpTestClient smtp = new SmtpTestClient(smtpPort())) {
            assertTrue(smtp.mail("a@remote.example", "homer@ima.com", "Subject: before\r\n\r\nx\r\n").startsWith("250"));
            try (Pop3TestClient pop = new Pop3TestClient(pop3Port())) {
                pop.login("homer", "homer-pw");
                Bundle pop3d = bundle("org.iems.pop3d");
                pop3d.update();
                await("the POP3 bundle active again", 30_000, () -> pop3d.getState() == Bundle.ACTIVE);
                // the SMTP session opened before the update carries on
                assertTrue(smtp.mail("a@remote.example", "homer@ima.com", "Subject: during\r\n\r\nx\r\n")
                        .startsWith("250"));
            }
        }
        awaitInbox("homer@ima.com", 2);
        // a new POP3 session works, and the old session's maildrop lock died with it
        int pop3 = pop3Port();
        await("POP3 accepting logins again", 30_000, () -> {
            try (Pop3TestClient pop = new Pop3TestClient(pop3)) {
                pop.login("homer", "homer-pw");
                return pop.send("STAT").startsWith("+OK 2 ");
            } catch (IOException e) {
                return false;
            }
        });
    }

    @Test
    public void mailSentOverSmtpReachesAnIdlingImapSessionAndIsReadThere() throws Exception {
        ok("iems:user-add --password-file " + passwordFile("marge-pw") + " marge@ima.com");
        String message = "From: =?UTF-8?Q?Lisa_S=C3=A9?= <lisa (the sister) @ remote.example>\r\nSender:\r\n"
                + "Subject: via imap\r\n\r\nhello Marge\r\n";
        try (ImapTestClient imap = new ImapTestClient(imapPort())) {
            imap.login("marge", "marge-pw");
            assertTrue(imap.command("SELECT INBOX").contains("* 0 EXISTS"));
            imap.send("i IDLE");
            assertTrue(imap.line().startsWith("+ "));
            try (SmtpTestClient smtp = new SmtpTestClient(smtpPort())) {
                assertTrue(smtp.mail("lisa@remote.example", "marge@ima.com", message).startsWith("250"));
            }
            // delivery goes through the queue and the filters; the store tells the session at once
            assertEquals("* 1 EXISTS", imap.line());
            assertEquals("* 1 RECENT", imap.line());
            imap.send("DONE");
            assertEquals("i OK IDLE terminated", imap.line());
            StoredMessage stored = inbox("marge@ima.com").get(0);
            byte[] bytes;
            try (InputStream in = stored.open(service(BlobStore.class, 30_000))) {
                bytes = in.readAllBytes();
            }
            List<String> fetch = imap.command("UID FETCH 1 (RFC822.SIZE BODY.PEEK[HEADER.FIELDS (SUBJECT)])");
            assertEquals("* 1 FETCH (UID 1 RFC822.SIZE " + bytes.length + " BODY[HEADER.FIELDS (SUBJECT)] {21}",
                    fetch.get(0));
            assertEquals("Subject: via imap", fetch.get(1));
            // ENVELOPE and SEARCH parse addresses with mime4j, wrapped for OSGi by the iems-mime feature
            String from = "((\"=?UTF-8?Q?Lisa_S=C3=A9?=\" NIL \"lisa\" \"remote.example\"))";
            assertEquals("* 1 FETCH (ENVELOPE (NIL \"via imap\" " + from + " " + from + " " + from
                    + " NIL NIL NIL NIL NIL))", imap.command("FETCH 1 ENVELOPE").get(0));
            assertEquals("* SEARCH 1", imap.command("SEARCH FROM lisa@remote.example").get(0));
            assertTrue(imap.command("STORE 1 +FLAGS.SILENT (\\Deleted)").get(0).contains("OK"));
            assertTrue(imap.command("CLOSE").get(0).contains("OK CLOSE completed"));
        }
        awaitInbox("marge@ima.com", 0);
    }

    @Test
    public void updatingTheImapBundleLeavesPop3AndSmtpSessionsAloneAndImapComesBack() throws Exception {
        ok("iems:user-add --password-file " + passwordFile("maggie-pw") + " maggie@ima.com");
        try (SmtpTestClient smtp = new SmtpTestClient(smtpPort());
                Pop3TestClient pop = new Pop3TestClient(pop3Port());
                ImapTestClient imap = new ImapTestClient(imapPort())) {
            assertTrue(smtp.mail("a@remote.example", "maggie@ima.com", "Subject: before\r\n\r\nx\r\n")
                    .startsWith("250"));
            awaitInbox("maggie@ima.com", 1);
            pop.login("maggie", "maggie-pw");
            imap.login("maggie", "maggie-pw");
            Bundle imapd = bundle("org.iems.imapd");
            imapd.update();
            await("the IMAP bundle active again", 30_000, () -> imapd.getState() == Bundle.ACTIVE);
            // the IMAP connection went with the old bundle; SMTP and POP3 sessions carry on
            assertTrue(imap.closedByServer());
            assertTrue(smtp.mail("a@remote.example", "maggie@ima.com", "Subject: during\r\n\r\nx\r\n")
                    .startsWith("250"));
            assertTrue(pop.send("STAT").startsWith("+OK 1 "));
        }
        awaitInbox("maggie@ima.com", 2);
        long started = System.nanoTime();
        int port = imapPort();
        await("IMAP accepting logins again", 30_000, () -> {
            try (ImapTestClient imap = new ImapTestClient(port)) {
                imap.login("maggie", "maggie-pw");
                return imap.command("STATUS INBOX (MESSAGES)").contains("* STATUS INBOX (MESSAGES 2)");
            } catch (IOException e) {
                return false;
            }
        });
        assertTrue("IMAP back within 10 s", System.nanoTime() - started < 10_000_000_000L);
    }
}
