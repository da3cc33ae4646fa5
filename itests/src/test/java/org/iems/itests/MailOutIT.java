package org.iems.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * Mail out, end to end in the real distribution: SMTP in → queue → outbound SMTP channel → a real
 * SMTP server (the aiosmtpd peer of the smtpc tests) that the transport map, changed live, points
 * at; notifications to remote senders go out the same way; the channel's bundle updated while
 * mail waits loses nothing.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MailOutIT extends IemsTestSupport {

    private Process peer;
    private Path peerDir;
    private int peerPort;

    @Before
    public void startPeerAndRouteToIt() throws Exception {
        // the first test may run while the boot features are still binding their listeners
        int mx = mxPort();
        await("the MX listener", 60_000, () -> connects(mx));
        peerDir = Files.createTempDirectory("peer");
        peerPort = freePort();
        Path log = peerDir.resolve("peer.log");
        peer = new ProcessBuilder("/usr/bin/python3", System.getProperty("iems.test.peer"), "--port",
                String.valueOf(peerPort), "--out", peerDir.toString(), "--pipelining").redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        await("the peer ready", 30_000, () -> read(log).contains("READY"));
        transportMap("remote.test=[127.0.0.1]:" + peerPort);
    }

    /** Changes the channel's transport map live. */
    private void transportMap(String map) throws IOException, InterruptedException {
        configure("org.iems.smtpc", "transport.map", map);
    }

    @After
    public void stopPeer() {
        peer.destroy();
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** The messages the peer accepted: envelope JSON, then the data. */
    private List<String> received() {
        List<String> messages = new ArrayList<>();
        for (int n = 1; Files.exists(peerDir.resolve(n + ".eml")); n++) {
            messages.add(read(peerDir.resolve(n + ".json")) + "\n" + read(peerDir.resolve(n + ".eml")));
        }
        return messages;
    }

    private int mxPort() throws IOException {
        return Integer.parseInt(String.valueOf(configAdmin.getConfiguration("org.iems.smtpd", null).getProperties()
                .get("mx.port")));
    }

    @Test
    public void remoteMailLeavesByTheTransportMapAndRemoteSendersHearOfFailures() throws Exception {
        try (SmtpTestClient smtp = new SmtpTestClient(mxPort())) {
            assertTrue(smtp.mail("homer@ima.com", "ok1@remote.test", "Subject: out\r\nX-IEMS-Secret: no\r\n\r\nhi\r\n")
                    .startsWith("250"));
            assertTrue(smtp.mail("lenny@remote.test", "reject1@remote.test", "Subject: refused\r\n\r\nx\r\n")
                    .startsWith("250"));
        }
        await("the message and the notification at the peer", 60_000, () -> received().size() >= 2);
        String out = received().stream().filter(m -> m.contains("Subject: out")).findFirst().orElseThrow();
        assertTrue(out, out.contains("\"to\": [\"ok1@remote.test\"]"));
        assertTrue(out, out.contains("by mx.ima.com"));
        assertTrue("pass-through headers are removed toward non-peers: " + out, !out.contains("X-IEMS-Secret"));
        String notification = received().stream().filter(m -> m.contains("multipart/report")).findFirst().orElseThrow();
        assertTrue(notification, notification.contains("\"from\": \"<>\", \"to\": [\"lenny@remote.test\"]"));
        assertTrue(notification, notification.contains("Final-Recipient: rfc822; reject1@remote.test"));
        assertTrue(notification, notification.contains("Status: 5.1.1"));
    }

    @Test
    public void mailWaitingWhileTheChannelIsUpdatedLeavesAfterwards() throws Exception {
        Bundle smtpc = bundle("org.iems.smtpc");
        smtpc.stop();
        String reply;
        try (SmtpTestClient smtp = new SmtpTestClient(mxPort())) {
            reply = smtp.mail("homer@ima.com", "ok2@remote.test", "Subject: waited\r\n\r\nx\r\n");
        }
        String id = reply.substring(reply.lastIndexOf(' ') + 1);
        await("routed to the smtp channel", 30_000, () -> ok("iems:queue-show " + id).contains("QUEUED via smtp"));
        Thread.sleep(1000);
        assertEquals("nothing sent while the channel is stopped", 0, received().size());
        smtpc.update();
        smtpc.start();
        await("delivered after the update", 60_000, () -> received().stream().anyMatch(m -> m.contains("Subject: waited")));
        await("the entry leaves the queue", 30_000, () -> run("iems:queue-show " + id).failed());
        assertTrue(new String(Files.readAllBytes(peerDir.resolve("1.eml")), StandardCharsets.UTF_8)
                .contains("Subject: waited"));
    }

    @Test
    public void etrnSendsTheMailWaitingForADomainAtOnce() throws Exception {
        int closed = freePort();
        transportMap("remote.test=[127.0.0.1]:" + peerPort + ", etrn.test=[127.0.0.1]:" + closed);
        String reply;
        try (SmtpTestClient smtp = new SmtpTestClient(mxPort())) {
            reply = smtp.mail("homer@ima.com", "ok@etrn.test", "Subject: on demand\r\n\r\nx\r\n");
        }
        String id = reply.substring(reply.lastIndexOf(' ') + 1);
        await("deferred: nothing listens there", 30_000, () -> ok("iems:queue-show " + id).contains("4.4.1"));
        assertTrue(ok("iems:queue-list --domain etrn.test").contains(id));
        assertTrue(ok("iems:queue-stats").contains("etrn.test"));
        assertTrue(ok("iems:route-test ok@etrn.test").contains("etrn.test: next hop [127.0.0.1]:" + closed
                + " (transport map)"));
        transportMap("remote.test=[127.0.0.1]:" + peerPort + ", etrn.test=[127.0.0.1]:" + peerPort);
        Process etrn = new ProcessBuilder("/usr/bin/python3", "-c", "import smtplib, sys\n"
                + "s = smtplib.SMTP('127.0.0.1', " + mxPort() + ")\ns.ehlo('client.example')\n"
                + "print(s.has_extn('etrn'), s.docmd('ETRN', 'etrn.test'))\ns.quit()").redirectErrorStream(true).start();
        String said = new String(etrn.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(said, 0, etrn.waitFor());
        assertTrue(said, said.contains("True (253, b'2.0.0 OK, 1 pending recipients for node etrn.test started')"));
        await("delivered at once, not after the 5-minute retry", 20_000,
                () -> received().stream().anyMatch(m -> m.contains("Subject: on demand")));
        assertTrue(ok("iems:queue-flush etrn.test").contains("deferred recipient(s) at etrn.test due now"));
    }

    @Test
    public void batchSmtpCarriesMessagesWithTheirEnvelopesThereAndBack() throws Exception {
        ok("iems:user-add --password-file " + passwordFile("pw-bsmtp-in-123") + " bsmtp-in@ima.com");
        configure("org.iems.bsmtp", "batch.address", "collector@remote.test", "batch.interval.seconds", "1",
                "accept.senders", "postmaster@ima.com");
        configure("org.iems.preprocessor", "channel.map", "batch.test=bsmtp, bsmtp-in@ima.com=bsmtp-in");
        try (SmtpTestClient smtp = new SmtpTestClient(mxPort())) {
            assertTrue(smtp.mail("homer@ima.com", "one@batch.test", "Subject: batched one\r\n\r\n.dot line\r\n")
                    .startsWith("250"));
            assertTrue(smtp.mail("lisa@ima.com", "two@batch.test", "Subject: batched two\r\n\r\nx\r\n")
                    .startsWith("250"));
        }
        await("both messages in batches at the collector", 60_000, () -> batchedSubjects() == 2);
        List<String> batches = batches();
        for (String batch : batches) {
            assertTrue(batch, batch.contains("\"from\": \"postmaster@ima.com\", \"to\": [\"collector@remote.test\"]"));
        }
        // the way back: batch.test is now an ordinary remote domain, reached at the peer
        configure("org.iems.preprocessor", "channel.map", "bsmtp-in@ima.com=bsmtp-in");
        transportMap("remote.test=[127.0.0.1]:" + peerPort + ", batch.test=[127.0.0.1]:" + peerPort);
        try (SmtpTestClient smtp = new SmtpTestClient(mxPort())) {
            for (String batch : batches) {
                String data = batch.substring(batch.indexOf('\n') + 1);
                assertTrue(smtp.mail("postmaster@ima.com", "bsmtp-in@ima.com", data).startsWith("250"));
            }
        }
        await("the original messages at the peer", 60_000, () -> received().stream()
                .filter(m -> m.contains("Subject: batched")).count() == 2);
        String one = received().stream().filter(m -> m.contains("Subject: batched one")).findFirst().orElseThrow();
        assertTrue(one, one.contains("\"from\": \"homer@ima.com\", \"to\": [\"one@batch.test\"]"));
        assertTrue(one, one.contains("\n.dot line\r\n"));
        String two = received().stream().filter(m -> m.contains("Subject: batched two")).findFirst().orElseThrow();
        assertTrue(two, two.contains("\"from\": \"lisa@ima.com\", \"to\": [\"two@batch.test\"]"));
    }

    /** The batches the collector got, envelope line first. */
    private List<String> batches() {
        return received().stream().filter(m -> m.contains("application/batch-SMTP")).toList();
    }

    /** How many messages the batches hold, counted by their decoded content. */
    private int batchedSubjects() {
        int count = 0;
        for (String batch : batches()) {
            String body = batch.substring(batch.indexOf("\r\n\r\n") + 4).replaceAll("\\s+", "");
            String decoded = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
            count += decoded.split("Subject: batched", -1).length - 1;
        }
        return count;
    }
}
