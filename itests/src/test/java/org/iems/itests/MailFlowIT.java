package org.iems.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
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
import org.osgi.service.cm.Configuration;

/**
 * Mail in, end to end in the real distribution: SMTP → queue → filter chain → local delivery →
 * mailbox; live listener changes; the SMTP server and the filter bundle swapped while mail flows.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MailFlowIT extends IemsTestSupport {

    private int port(String property) throws IOException, InterruptedException {
        return listeningPort("org.iems.smtpd", property);
    }

    private void account(String address) {
        ok("iems:user-add --password-file " + passwordFile("pw-" + address.hashCode()) + " " + address);
    }

    private List<StoredMessage> inbox(String address) throws Exception {
        return service(MessageStore.class, 30_000).messages(MailAddress.parse(address), "INBOX", 1, 100_000);
    }

    private List<StoredMessage> awaitInbox(String address, int count) throws Exception {
        await(count + " messages in the INBOX of " + address, 60_000, () -> {
            try {
                return inbox(address).size() >= count;
            } catch (Exception e) {
                return false;
            }
        });
        return inbox(address);
    }

    private byte[] bytes(StoredMessage message) throws Exception {
        try (InputStream in = message.open(service(BlobStore.class, 30_000))) {
            return in.readAllBytes();
        }
    }

    @Test
    public void aMessageSentOverSmtpLandsInTheInboxAsTheReceivedHeaderPlusTheBytesSent() throws Exception {
        account("homer@ima.com");
        String message = "From: marge@remote.example\r\nTo: homer@ima.com\r\nSubject: donuts\r\n\r\nHello,\r\n.\r\nHomer\r\n";
        String reply;
        try (SmtpTestClient smtp = new SmtpTestClient(port("mx.port"))) {
            reply = smtp.mail("marge@remote.example", "homer@ima.com", message);
        }
        String id = queueId(reply);
        StoredMessage stored = awaitInbox("homer@ima.com", 1).get(0);
        String text = new String(bytes(stored), StandardCharsets.UTF_8);
        assertTrue(text, text.startsWith("Return-Path: <marge@remote.example>\r\nReceived: from client.example"
                + " ([127.0.0.1])\r\n\tby mx.ima.com (IEMS) with ESMTP id " + id));
        int end = text.indexOf("\r\n", text.indexOf("for <homer@ima.com>;")) + 2;
        assertEquals(message, text.substring(end));
        assertEquals(bytes(stored).length, stored.size());
    }

    @Test
    public void aSenderWhoAskedNotifySuccessHearsOfTheDeliveryAndOfAnAliasExpanded() throws Exception {
        account("moe@ima.com");
        account("barney@ima.com");
        account("carl@ima.com");
        ok("iems:alias-add regulars@ima.com barney@ima.com carl@ima.com");
        Process client = new ProcessBuilder("/usr/bin/python3", "-c", "import smtplib\n"
                + "s = smtplib.SMTP('127.0.0.1', " + port("mx.port") + ")\ns.ehlo('client.example')\n"
                + "print(s.has_extn('dsn'), s.sendmail('moe@ima.com', ['barney@ima.com'],"
                + " b'Subject: tell me\\r\\n\\r\\nx\\r\\n', ['ENVID=moe-1', 'RET=FULL'], ['NOTIFY=SUCCESS,FAILURE']),"
                + " s.sendmail('moe@ima.com', ['regulars@ima.com'], b'Subject: round\\r\\n\\r\\nx\\r\\n',"
                + " [], ['NOTIFY=SUCCESS']))\n"
                + "s.quit()").redirectErrorStream(true).start();
        String said = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(said, 0, client.waitFor());
        assertTrue(said, said.startsWith("True {} {}"));
        awaitInbox("barney@ima.com", 2);
        awaitInbox("carl@ima.com", 1);
        List<String> reports = new ArrayList<>();
        for (StoredMessage m : awaitInbox("moe@ima.com", 2)) {
            reports.add(new String(bytes(m), StandardCharsets.UTF_8));
        }
        String delivered = reports.stream().filter(r -> r.contains("Action: delivered")).findFirst().orElseThrow();
        assertTrue(delivered, delivered.contains("Subject: Successful Mail Delivery Report\r\n"));
        assertTrue(delivered, delivered.contains("Original-Envelope-Id: moe-1\r\n"));
        assertTrue(delivered, delivered.contains("Final-Recipient: rfc822; barney@ima.com\r\nAction: delivered\r\n"
                + "Status: 2.0.0\r\n"));
        assertTrue("the header only, even with RET=FULL: " + delivered, delivered.contains(
                "Content-Type: text/rfc822-headers") && !delivered.contains("\r\n\r\nx\r\n"));
        String expanded = reports.stream().filter(r -> r.contains("Action: expanded")).findFirst().orElseThrow();
        assertTrue(expanded, expanded.contains("Final-Recipient: rfc822; regulars@ima.com\r\nAction: expanded\r\n"));
        Thread.sleep(2000);
        assertEquals("no report for each member of the alias", 2, inbox("moe@ima.com").size());
    }

    @Test
    public void aMailLoopBouncesInsteadOfBeingDelivered() throws Exception {
        account("loop@ima.com");
        String hop = "Received: from a by b; Mon, 23 Nov 2026 01:00:00 +0000\r\n";
        try (SmtpTestClient smtp = new SmtpTestClient(port("mx.port"))) {
            assertTrue(smtp.mail("x@remote.example", "loop@ima.com", hop.repeat(60) + "Subject: loop\r\n\r\nx\r\n")
                    .startsWith("250"));
            assertTrue(smtp.mail("x@remote.example", "loop@ima.com", "Subject: fine\r\n\r\nx\r\n").startsWith("250"));
        }
        List<StoredMessage> delivered = awaitInbox("loop@ima.com", 1);
        Thread.sleep(2000);
        assertEquals(1, inbox("loop@ima.com").size());
        assertTrue(new String(bytes(delivered.get(0)), StandardCharsets.UTF_8).contains("Subject: fine"));
    }

    @Test
    public void operatorsSeeHoldReleaseAndDeleteQueuedMail() throws Exception {
        account("queue@ima.com");
        Bundle local = bundle("org.iems.lmda");
        local.stop();
        String kept;
        String dropped;
        try (SmtpTestClient smtp = new SmtpTestClient(port("mx.port"))) {
            kept = queueId(smtp.mail("a@remote.example", "queue@ima.com", "Subject: kept\r\n\r\nx\r\n"));
            dropped = queueId(smtp.mail("a@remote.example", "queue@ima.com", "Subject: dropped\r\n\r\nx\r\n"));
        }
        await("both routed to the local channel", 30_000, () -> ok("iems:queue-show " + dropped).contains("QUEUED via local"));
        assertTrue(ok("iems:queue-list").contains(kept));
        assertTrue(ok("iems:queue-hold " + kept).contains(kept + ": held"));
        assertTrue(ok("iems:queue-show " + kept).contains("Held:       held by the operator"));
        assertTrue(ok("iems:queue-list --held").contains(kept));
        assertTrue(ok("iems:queue-delete " + dropped).contains(dropped + ": deleted"));
        assertTrue(fails("iems:queue-show " + dropped).contains("no queue entry " + dropped));
        assertTrue(ok("iems:queue-stats").contains("(1 held)"));
        local.start();
        Thread.sleep(2000);
        assertEquals("nothing delivered while held", 0, inbox("queue@ima.com").size());
        ok("iems:queue-release " + kept);
        StoredMessage delivered = awaitInbox("queue@ima.com", 1).get(0);
        assertTrue(new String(bytes(delivered), StandardCharsets.UTF_8).contains("Subject: kept"));
        await("the entry leaves the queue", 30_000, () -> run("iems:queue-show " + kept).failed());
    }

    @Test
    public void mailOverQuotaWaitsInTheQueueAndIsDeliveredOnceThereIsRoom() throws Exception {
        account("full@ima.com");
        assertTrue(ok("iems:user-quota --messages 1 full@ima.com").contains("unlimited, 1 messages"));
        String second;
        try (SmtpTestClient smtp = new SmtpTestClient(port("mx.port"))) {
            queueId(smtp.mail("a@remote.example", "full@ima.com", "Subject: first\r\n\r\nx\r\n"));
            awaitInbox("full@ima.com", 1);
            second = queueId(smtp.mail("a@remote.example", "full@ima.com", "Subject: second\r\n\r\nx\r\n"));
        }
        await("the second deferred over quota", 30_000, () -> ok("iems:queue-show " + second).contains("4.2.2"));
        assertEquals(1, inbox("full@ima.com").size());
        assertTrue(ok("iems:user-show full@ima.com").contains("Messages:      1"));
        ok("iems:user-quota --messages 0 full@ima.com");
        // by domain: notifications to remote senders wait deferred too (the itests have no DNS)
        assertTrue(ok("iems:queue-flush ima.com").contains("1 deferred recipient(s) at ima.com due now"));
        awaitInbox("full@ima.com", 2);
    }

    private static String queueId(String reply) {
        assertTrue(reply, reply.startsWith("250 2.0.0 OK queued as "));
        return reply.substring("250 2.0.0 OK queued as ".length());
    }

    @Test
    public void listenersRebindLiveWhileOpenSessionsCarryOn() throws Exception {
        account("lisa@ima.com");
        int oldPort = port("mx.port");
        try (SmtpTestClient open = new SmtpTestClient(oldPort)) {
            int newPort = freePort();
            Configuration config = configAdmin.getConfiguration("org.iems.smtpd", null);
            Dictionary<String, Object> p = config.getProperties();
            p.put("mx.port", String.valueOf(newPort));
            config.update(p);
            await("the MX listener on port " + newPort, 30_000, () -> connects(newPort));
            await("the old port closed", 30_000, () -> !connects(oldPort));
            assertTrue(open.mail("a@remote.example", "lisa@ima.com", "Subject: old session\r\n\r\nx\r\n").startsWith("250"));
            try (SmtpTestClient fresh = new SmtpTestClient(newPort)) {
                assertTrue(fresh.mail("a@remote.example", "lisa@ima.com", "Subject: new port\r\n\r\nx\r\n").startsWith("250"));
            }
        }
        awaitInbox("lisa@ima.com", 2);
    }

    @Test
    public void noAcceptedMessageIsLostOrDeliveredUnfilteredWhileSmtpdAndTheFilterAreSwapped() throws Exception {
        account("flow@ima.com");
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        AtomicBoolean sending = new AtomicBoolean(true);
        int mx = port("mx.port");
        Thread sender = new Thread(() -> {
            int n = 0;
            while (sending.get()) {
                try (SmtpTestClient smtp = new SmtpTestClient(mx)) {
                    while (sending.get()) {
                        String subject = "flow " + n++;
                        if (smtp.mail("a@remote.example", "flow@ima.com", "Subject: " + subject + "\r\n\r\nx\r\n")
                                .startsWith("250")) {
                            accepted.add(subject);
                        }
                    }
                } catch (IOException e) {
                    // the server went away (bundle stopped); connect again
                    sleep(100);
                }
            }
        });
        sender.start();
        try {
            await("some mail accepted", 30_000, () -> accepted.size() >= 5);
            Bundle smtpd = bundle("org.iems.smtpd");
            smtpd.stop();
            sleep(500);
            smtpd.start();
            int before = accepted.size();
            await("mail accepted again after the restart", 30_000, () -> accepted.size() > before + 5);

            Bundle filter = bundle("org.iems.loopfilter");
            filter.stop();
            String hop = "Received: from a by b; Mon, 23 Nov 2026 01:00:00 +0000\r\n";
            try (SmtpTestClient smtp = new SmtpTestClient(port("mx.port"))) {
                assertTrue(smtp.mail("x@remote.example", "flow@ima.com", hop.repeat(60) + "Subject: loop while away\r\n\r\nx\r\n")
                        .startsWith("250"));
            }
            int whileAway = accepted.size();
            await("mail accepted while the filter is away", 30_000, () -> accepted.size() > whileAway + 5);
            filter.update();
            filter.start();
        } finally {
            sending.set(false);
            sender.join(30_000);
        }
        List<StoredMessage> delivered = awaitInbox("flow@ima.com", accepted.size());
        Thread.sleep(2000);
        delivered = inbox("flow@ima.com");
        Set<String> subjects = new HashSet<>();
        for (StoredMessage m : delivered) {
            String text = new String(bytes(m), StandardCharsets.UTF_8);
            String subject = text.substring(text.indexOf("Subject: ") + 9, text.indexOf("\r\n", text.indexOf("Subject: ")));
            assertTrue("delivered twice: " + subject, subjects.add(subject));
        }
        assertTrue("every message that got 250 is delivered", subjects.containsAll(accepted));
        // a session cut by the restart may have had its message queued before the 250 reached the client
        assertTrue("at most one delivered without its 250 seen: " + subjects, subjects.size() <= accepted.size() + 1);
        assertTrue("the loop sent while the filter was away was filtered after all", subjects.stream()
                .noneMatch(s -> s.startsWith("loop")));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
