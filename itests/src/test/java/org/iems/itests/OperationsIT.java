package org.iems.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.iems.testsupport.LineClient;
import org.iems.testsupport.Processes;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The operator's side of the real distribution: configuration changed from the shell and in
 * {@code etc/} while IEMS runs. Several {@code config:property-set} lines in one batch keep every
 * key and comment of every file, and a bad value is refused with one log line naming the key while
 * the running configuration (and its listeners) stays.
 */
public class OperationsIT {

    private static final List<String> PIDS = List.of("org.iems.queue", "org.iems.smtpd", "org.iems.imapd",
            "org.iems.pop3d", "org.iems.smtpc");

    private static Distribution iems;
    private static int smtpPort;
    private static int imapPort;
    private static int pop3Port;

    @BeforeClass
    public static void start() throws Exception {
        iems = new Distribution(Path.of("target/operations"));
        smtpPort = IemsTestSupport.freePort();
        imapPort = IemsTestSupport.freePort();
        pop3Port = IemsTestSupport.freePort();
        iems.set("org.iems.directory.cfg", "local.domain", "ima.com");
        iems.listenOnly(Map.of("mx", smtpPort, "imap", imapPort, "pop3", pop3Port));
        iems.set("org.iems.smtpd.cfg", "trusted.networks", "");
        iems.start(() -> IemsTestSupport.connects(smtpPort) && IemsTestSupport.connects(pop3Port));
    }

    @AfterClass
    public static void stop() throws Exception {
        if (iems != null) {
            iems.stop();
            iems.close();
        }
    }

    @Test
    public void twentyPropertySetsInOneBatchKeepEveryKeyAndCommentOfFiveFiles() throws Exception {
        Map<String, List<String>> before = new LinkedHashMap<>();
        for (String pid : PIDS) {
            before.put(pid, lines(pid));
        }
        int newImapPort = IemsTestSupport.freePort();
        Map<String, String> changes = new LinkedHashMap<>();
        changes.put("org.iems.queue retry.initial.minutes", "6");
        changes.put("org.iems.queue retry.max.minutes", "200");
        changes.put("org.iems.queue ttl.hours", "70");
        changes.put("org.iems.queue delivery.threads", "3");
        changes.put("org.iems.smtpd max.recipients", "77");
        changes.put("org.iems.smtpd flow.max.bytes", "0");
        changes.put("org.iems.smtpd max.errors", "9");
        changes.put("org.iems.smtpd max.message.size", "20000000");
        changes.put("org.iems.imapd max.command.length", "70000");
        changes.put("org.iems.imapd login.idle.timeout.seconds", "50");
        changes.put("org.iems.imapd max.errors", "15");
        changes.put("org.iems.imapd imap.port", String.valueOf(newImapPort));
        changes.put("org.iems.pop3d login.idle.timeout.seconds", "55");
        changes.put("org.iems.pop3d max.errors", "8");
        changes.put("org.iems.pop3d max.line.length", "2048");
        changes.put("org.iems.pop3d idle.timeout.seconds", "500");
        changes.put("org.iems.smtpc max.connections", "90");
        changes.put("org.iems.smtpc connect.timeout.seconds", "20");
        changes.put("org.iems.smtpc destination.concurrency", "3");
        changes.put("org.iems.smtpc destination.recipient.limit", "90");
        iems.shell(changes.entrySet().stream().map(e -> "config:property-set -p " + e.getKey() + " " + e.getValue())
                .collect(Collectors.joining("\n")));

        IemsTestSupport.await("IMAP moved to its new port", 20_000, () -> IemsTestSupport.connects(newImapPort));
        for (String pid : PIDS) {
            List<String> after = lines(pid);
            for (String line : before.get(pid)) {
                String key = line.startsWith("#") || !line.contains("=") ? null : line.split("=")[0].strip();
                String changed = key == null ? null : changes.get(pid + " " + key);
                String expected = changed == null ? line : key + " = " + changed;
                assertTrue(pid + " keeps '" + expected + "':\n" + String.join("\n", after), after.contains(expected));
            }
        }
        assertTrue("the SMTP listener stays where it was configured", IemsTestSupport.connects(smtpPort));
    }

    @Test
    public void aBadValueInAFileIsRefusedWithOneLineNamingTheKeyAndTheListenerStays() throws Exception {
        int logLines = log().size();
        iems.set("org.iems.pop3d.cfg", "pop3.port", "99999");
        String refusal = awaitLog(logLines, "POP3 configuration refused");
        assertTrue(refusal, refusal.contains("org.iems.pop3d: pop3.port = 99999: must be from 0 to 65535"));
        try (LineClient pop3 = new LineClient(pop3Port)) {
            assertTrue("POP3 still answers on its port", pop3.line().startsWith("+OK"));
        }
        iems.set("org.iems.pop3d.cfg", "pop3.port", String.valueOf(pop3Port));
        iems.set("org.iems.pop3d.cfg", "max.errors", "abc");
        assertTrue(awaitLog(logLines, "max.errors = abc").contains("not a whole number"));
        iems.set("org.iems.pop3d.cfg", "max.errors", "10");
        awaitLog(logLines, "POP3 configuration applied");
        List<String> written = log().subList(logLines, log().size());
        assertFalse("no stack trace:\n" + String.join("\n", written),
                written.stream().anyMatch(line -> line.startsWith("\tat ")));
    }

    @Test
    public void aBadValueFromTheShellIsRefusedAndTheSmtpListenerStays() throws Exception {
        int logLines = log().size();
        iems.shell("config:property-set -p org.iems.smtpd banned.networks 10.0.0.0/33");
        String refusal = awaitLog(logLines, "SMTP configuration refused");
        assertTrue(refusal, refusal.contains("banned.networks = 10.0.0.0/33"));
        try (LineClient smtp = new LineClient(smtpPort)) {
            assertTrue("SMTP still greets", smtp.line().startsWith("220 "));
        }
        iems.shell("config:property-set -p org.iems.smtpd banned.networks 192.0.2.0/24");
        assertTrue(awaitLog(logLines, "SMTP configuration applied").contains("SMTP configuration applied"));
        assertTrue(iems.shell("config:property-get -p org.iems.smtpd mx.port").contains(String.valueOf(smtpPort)));
    }

    @Test
    public void aRefusedCommandIsLoggedOnceAndANormalTlsCloseNotAtAll() throws Exception {
        int logLines = log().size();
        try (LineClient smtp = new LineClient(smtpPort)) {
            assertTrue(smtp.line().startsWith("220 "));
            smtp.write("EHLO client.example\r\n");
            while (!smtp.line().startsWith("250 ")) {
                // the EHLO keywords
            }
            smtp.write("MAIL FROM:<lisa@springfield.example>\r\n");
            assertTrue(smtp.line().startsWith("250 "));
            smtp.write("RCPT TO:<nobody@ima.com>\r\n");
            String unknownReply = smtp.line();
            assertTrue(unknownReply, unknownReply.startsWith("550 5.1.1"));
            smtp.write("RCPT TO:<bart@elsewhere.example>\r\n");
            String relayReply = smtp.line();
            assertTrue(relayReply, relayReply.startsWith("554 5.7.1"));
            smtp.write("QUIT\r\n");
            assertTrue(smtp.line().startsWith("221 "));
        }
        String unknown = awaitLog(logLines, "to=<nobody@ima.com>");
        assertTrue(unknown, unknown.matches(".*: reject: RCPT from 127\\.0\\.0\\.1: 550 5\\.1\\.1 .*;"
                + " from=<lisa@springfield\\.example> to=<nobody@ima\\.com> helo=<client\\.example>"));
        String relay = awaitLog(logLines, "to=<bart@elsewhere.example>");
        assertTrue(relay, relay.contains("reject: RCPT from 127.0.0.1: 554 5.7.1 "));

        for (boolean serverCloses : new boolean[] {true, false}) {
            try (LineClient smtp = new LineClient(smtpPort)) {
                smtp.line();
                smtp.write("EHLO client.example\r\n");
                while (!smtp.line().startsWith("250 ")) {
                    // the EHLO keywords
                }
                smtp.write("STARTTLS\r\n");
                assertTrue(smtp.line().startsWith("220 "));
                smtp.startTls();
                smtp.write("NOOP\r\n");
                assertTrue(smtp.line().startsWith("250 "));
                if (serverCloses) {
                    smtp.write("QUIT\r\n");
                    assertTrue(smtp.line().startsWith("221 "));
                    assertTrue(smtp.closedByServer());
                }
            }
        }
        Thread.sleep(1000);
        List<String> written = log().subList(logLines, log().size());
        assertEquals("two refusals and nothing for the TLS connections:\n" + String.join("\n", written), 2,
                written.stream().filter(l -> l.contains("SmtpConnection") || l.contains("MinaListener")).count());
    }

    @Test
    public void jmxAnswersTheShellsAdministratorOnLoopbackAndNobodyElse() throws Exception {
        JMXServiceURL url = new JMXServiceURL(iems.jmxUrl());
        try (JMXConnector jmx = JMXConnectorFactory.connect(url,
                Map.of(JMXConnector.CREDENTIALS, new String[] {"admin", iems.adminPassword()}))) {
            MBeanServerConnection server = jmx.getMBeanServerConnection();
            TabularData bundles = (TabularData) server.getAttribute(
                    new ObjectName("org.apache.karaf:type=bundle,name=root"), "Bundles");
            assertTrue("the IEMS bundles are listed over JMX", bundles.values().stream()
                    .map(row -> String.valueOf(((CompositeData) row).get("Symbolic Name")))
                    .anyMatch("org.iems.smtpd"::equals));
            for (String owner : List.of("queue", "store", "directory")) {
                ObjectName counters = new ObjectName("org.iems:type=Transactions,name=" + owner);
                assertEquals("the " + owner + "'s deadlock retries over JMX", 0L,
                        server.getAttribute(counters, "DeadlockRetries"));
                assertEquals(0L, server.getAttribute(counters, "GivenUp"));
            }
        }
        try (JMXConnector refused = JMXConnectorFactory.connect(url,
                Map.of(JMXConnector.CREDENTIALS, new String[] {"admin", "wrong"}))) {
            throw new AssertionError("JMX accepted a wrong password");
        } catch (SecurityException expected) {
            // refused, as it should be
        }
        List<String> jmxSockets = Processes.runOrFail(List.of("ss", "-Hltn")).lines()
                .map(line -> line.trim().split("\\s+")[3])
                .filter(local -> iems.jmxPorts().stream().anyMatch(port -> local.endsWith(":" + port))).toList();
        assertEquals("JMX's two ports listening", 2, jmxSockets.size());
        assertTrue("JMX listens on loopback only: " + jmxSockets,
                jmxSockets.stream().allMatch(local -> local.matches("(\\[::ffff:)?127\\.0\\.0\\.1\\]?:\\d+")));
    }

    @Test
    public void statusShowsEveryComponentAndListenerAndAComponentStopsAndStartsByName() throws Exception {
        String status = iems.shell("iems:status");
        assertTrue(status, status.matches("(?s).*org\\.iems\\.smtpd\\s+active.*"));
        assertTrue(status, status.matches("(?s).*org\\.iems\\.queue\\s+active.*"));
        assertTrue(status, status.matches("(?s).*\\nLocalDelivery\\s+active.*"));
        assertTrue(status, status.matches("(?s).*\\nmx\\s+127\\.0\\.0\\.1:" + smtpPort + "\\s+no\\s+\\d+.*"));
        assertTrue(status, status.matches("(?s).*\\npop3\\s+127\\.0\\.0\\.1:" + pop3Port + "\\s+no\\s+\\d+.*"));
        assertTrue(status, status.contains("Queue: "));

        String stopped = iems.shell("iems:component-stop pop3d");
        assertTrue(stopped, stopped.contains("org.iems.pop3d: stopped"));
        assertFalse("POP3's listener closed", IemsTestSupport.connects(pop3Port));
        assertTrue(iems.shell("iems:status").matches("(?s).*org\\.iems\\.pop3d\\s+stopped.*"));
        String started = iems.shell("iems:component-start org.iems.pop3d");
        assertTrue(started, started.contains("org.iems.pop3d: active"));
        IemsTestSupport.await("POP3 answers again", 10_000, () -> IemsTestSupport.connects(pop3Port));
        String restarted = iems.shell("iems:component-restart smtpd");
        assertTrue(restarted, restarted.contains("org.iems.smtpd: active"));
        IemsTestSupport.await("SMTP answers again", 10_000, () -> IemsTestSupport.connects(smtpPort));
        assertTrue(iems.shell("iems:component-stop nosuch").contains("no IEMS component nosuch"));
    }

    @Test
    public void helpListsTheCommandsAndEachAnswersHelpInBatchMode() throws Exception {
        for (String command : List.of("iems:status", "iems:component-restart", "iems:user-import", "iems:queue-list",
                "iems:sender-grant-add")) {
            String help = iems.shell(command + " --help");
            assertTrue(command + ":\n" + help, help.contains("DESCRIPTION") && help.contains("SYNTAX"));
        }
        String list = iems.shell("help iems");
        for (String command : List.of("iems:status", "iems:component-restart", "iems:user-import", "iems:queue-list")) {
            assertTrue("help iems lists " + command + ":\n" + list, list.contains(command));
        }
        assertTrue("help lists Karaf's commands too", iems.shell("help").contains("bundle:list"));
    }

    private static List<String> lines(String pid) throws Exception {
        return Files.readAllLines(iems.etc().resolve(pid + ".cfg")).stream().filter(line -> !line.isBlank())
                .collect(Collectors.toCollection(ArrayList::new));
    }

    private static List<String> log() throws Exception {
        return Files.readAllLines(iems.data().resolve("log/karaf.log"), StandardCharsets.UTF_8);
    }

    /** Waits for a line written after the first {@code from} lines of the log that contains {@code text}. */
    private static String awaitLog(int from, String text) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            List<String> lines = log();
            for (String line : lines.subList(Math.min(from, lines.size()), lines.size())) {
                if (line.contains(text)) {
                    return line;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no log line with '" + text + "' within 20 s");
    }
}
