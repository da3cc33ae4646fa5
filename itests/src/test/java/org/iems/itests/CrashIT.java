package org.iems.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.After;
import org.junit.Test;

/**
 * kill -9 while mail is flowing: the real distribution runs as its own process, eight SMTP
 * clients send, the JVM is killed without warning, IEMS is started again and drains its queue.
 * Then, with IEMS stopped, its database and blob files are read directly: every message that got
 * "250" is in the mailbox exactly once, and nothing is there twice.
 */
public class CrashIT {

    private static final String ACCOUNT = "crash@ima.com";
    private static final Pattern SUBJECT = Pattern.compile("\r\nSubject: (crash-\\d+-\\d+)\r\n");

    private final int smtpPort = IemsTestSupport.freePort();
    private Distribution distribution;

    @After
    public void killLeftovers() {
        if (distribution != null) {
            distribution.close();
        }
    }

    @Test
    public void everyAcceptedMessageIsDeliveredExactlyOnceAfterAKill9() throws Exception {
        unpack();
        start();
        distribution.shell("iems:user-add --password-file " + distribution.passwordFile("crash", "crash-pw") + " "
                + ACCOUNT);

        Set<String> accepted = ConcurrentHashMap.newKeySet();
        AtomicBoolean sending = new AtomicBoolean(true);
        List<Thread> clients = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int client = t;
            Thread thread = new Thread(() -> send(client, accepted, sending));
            thread.start();
            clients.add(thread);
        }
        long deadline = System.currentTimeMillis() + 120_000;
        while (accepted.size() < 1500 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        distribution.kill();
        sending.set(false);
        for (Thread t : clients) {
            t.join(30_000);
        }
        assertTrue("messages accepted before the kill: " + accepted.size(), accepted.size() >= 500);

        start();
        long drained = System.currentTimeMillis() + 300_000;
        while (!distribution.shell("iems:queue-stats").contains("Messages:   0 ")) {
            assertTrue("the queue drains after the restart", System.currentTimeMillis() < drained);
            Thread.sleep(1000);
        }
        distribution.terminate();

        Map<String, Integer> delivered = deliveredSubjects();
        for (String subject : accepted) {
            assertEquals("copies of " + subject + " in the mailbox", Integer.valueOf(1), delivered.get(subject));
        }
        delivered.forEach((subject, copies) -> assertEquals("copies of " + subject, 1, copies.intValue()));
        // a message whose 250 was lost in the kill may be delivered too; never one that was not sent
        assertTrue(delivered.size() >= accepted.size());
    }

    private void send(int client, Set<String> accepted, AtomicBoolean sending) {
        int n = 0;
        try (SmtpTestClient smtp = new SmtpTestClient(smtpPort)) {
            while (sending.get()) {
                String subject = "crash-" + client + "-" + n++;
                String reply = smtp.mail("load@remote.example", ACCOUNT,
                        "From: load@remote.example\r\nSubject: " + subject + "\r\n\r\n" + ("x".repeat(76) + "\r\n").repeat(26));
                if (reply.startsWith("250")) {
                    accepted.add(subject);
                }
            }
        } catch (IOException e) {
            // the server was killed under this client: the message in flight may or may not be accepted
        }
    }

    // ----- the distribution as a process

    private void unpack() throws Exception {
        distribution = new Distribution(Path.of("target/crash"));
        distribution.set("org.iems.directory.cfg", "local.domain", "ima.com");
        distribution.set("org.iems.smtpd.cfg", "host.name", "mx.ima.com");
        distribution.listenOnly(Map.of("mx", smtpPort));
    }

    private void start() throws Exception {
        distribution.start(() -> answers(smtpPort));
    }

    private static boolean answers(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            return s.getInputStream().read() == '2';
        } catch (IOException e) {
            return false;
        }
    }

    // ----- what is in the mailbox, read with IEMS stopped

    private Map<String, Integer> deliveredSubjects() throws Exception {
        Map<String, Integer> subjects = new HashMap<>();
        Path blobs = distribution.data().resolve("iems/blobs");
        try (Connection c = DriverManager.getConnection("jdbc:derby:" + distribution.data().resolve("iems/db")
                + ";create=false");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT m.blob_id FROM st_message m JOIN st_mailbox b ON b.id = m.mailbox_id"
                        + " WHERE b.account_key = '" + ACCOUNT + "' AND b.name = 'INBOX'")) {
            while (rs.next()) {
                String hex = rs.getString(1).strip();
                try (InputStream in = Files.newInputStream(blobs.resolve(hex.substring(0, 2)).resolve(hex.substring(2, 4))
                        .resolve(hex))) {
                    Matcher m = SUBJECT.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    assertTrue("a subject in " + hex, m.find());
                    subjects.merge(m.group(1), 1, Integer::sum);
                }
            }
        } finally {
            try {
                DriverManager.getConnection("jdbc:derby:;shutdown=true");
            } catch (java.sql.SQLException expected) {
                // Derby reports a clean shutdown as an exception (XJ015)
            }
        }
        return subjects;
    }
}
