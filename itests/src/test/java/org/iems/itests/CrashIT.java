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
import java.util.concurrent.TimeUnit;
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

    private final Path home = Path.of("target/crash").toAbsolutePath();
    private final int smtpPort = IemsTestSupport.freePort();
    private final int sshPort = IemsTestSupport.freePort();
    private Process karaf;

    @After
    public void killLeftovers() {
        if (karaf != null && karaf.isAlive()) {
            killHard();
        }
    }

    @Test
    public void everyAcceptedMessageIsDeliveredExactlyOnceAfterAKill9() throws Exception {
        unpack();
        start();
        shell("iems:user-add " + ACCOUNT + " crash-pw");

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
        killHard();
        sending.set(false);
        for (Thread t : clients) {
            t.join(30_000);
        }
        assertTrue("messages accepted before the kill: " + accepted.size(), accepted.size() >= 500);

        start();
        long drained = System.currentTimeMillis() + 300_000;
        while (!shell("iems:queue-stats").contains("Messages:   0 ")) {
            assertTrue("the queue drains after the restart", System.currentTimeMillis() < drained);
            Thread.sleep(1000);
        }
        stopGracefully();

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
        Path archive = Path.of(System.getProperty("org.ops4j.pax.url.mvn.localRepository"), "org", "iems",
                "iems-karaf-assembly", System.getProperty("iems.version"),
                "iems-karaf-assembly-" + System.getProperty("iems.version") + ".tar.gz");
        run(List.of("rm", "-rf", home.toString()));
        Files.createDirectories(home);
        run(List.of("tar", "xzf", archive.toString(), "-C", home.toString(), "--strip-components", "1"));
        Path etc = home.resolve("etc");
        set(etc.resolve("org.iems.directory.cfg"), "local.domain", "ima.com");
        Path smtpd = etc.resolve("org.iems.smtpd.cfg");
        set(smtpd, "host.name", "mx.ima.com");
        set(smtpd, "mx.host", "127.0.0.1");
        set(smtpd, "mx.port", String.valueOf(smtpPort));
        set(smtpd, "submission.enabled", "false");
        set(smtpd, "smtps.enabled", "false");
        set(etc.resolve("org.apache.karaf.shell.cfg"), "sshPort", String.valueOf(sshPort));
    }

    /** Sets a property in a shipped cfg file, where the file has it. */
    private static void set(Path cfg, String key, String value) throws IOException {
        String text = Files.readString(cfg);
        String changed = text.replaceAll("(?m)^" + Pattern.quote(key) + "\\s*=.*$", Matcher.quoteReplacement(key + " = " + value));
        assertTrue(key + " in " + cfg, !changed.equals(text) || text.contains(key + " = " + value));
        Files.writeString(cfg, changed);
    }

    private void start() throws Exception {
        karaf = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server").directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(home.resolve("console.log").toFile()).start();
        long deadline = System.currentTimeMillis() + 120_000;
        while (!answers(smtpPort) || !shell("iems:queue-stats").contains("Messages:")) {
            assertTrue("IEMS started within 2 minutes", System.currentTimeMillis() < deadline && karaf.isAlive());
            Thread.sleep(500);
        }
    }

    private static boolean answers(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            return s.getInputStream().read() == '2';
        } catch (IOException e) {
            return false;
        }
    }

    private void killHard() {
        karaf.descendants().forEach(ProcessHandle::destroyForcibly);
        karaf.destroyForcibly();
        try {
            karaf.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stopGracefully() throws Exception {
        karaf.descendants().forEach(ProcessHandle::destroy);
        karaf.destroy();
        assertTrue("IEMS stops on SIGTERM", karaf.waitFor(60, TimeUnit.SECONDS));
    }

    private String shell(String command) throws Exception {
        Process client = new ProcessBuilder(home.resolve("bin/client").toString(), "-b", "-u", "karaf", "-p", "karaf",
                "-a", String.valueOf(sshPort), "-r", "3", "-d", "1").redirectErrorStream(true).start();
        client.getOutputStream().write((command + "\n").getBytes(StandardCharsets.UTF_8));
        client.getOutputStream().close();
        String out = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        client.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).inheritIO().start();
        assertEquals(String.join(" ", command), 0, p.waitFor());
    }

    // ----- what is in the mailbox, read with IEMS stopped

    private Map<String, Integer> deliveredSubjects() throws Exception {
        Map<String, Integer> subjects = new HashMap<>();
        Path blobs = home.resolve("data/iems/blobs");
        try (Connection c = DriverManager.getConnection("jdbc:derby:" + home.resolve("data/iems/db") + ";create=false");
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
