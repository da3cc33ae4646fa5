package org.iems.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.iems.testsupport.FailedHandshakes;
import org.iems.testsupport.LineClient;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The distribution attacked from the network the way strangers on the internet attack a mail
 * server: floods of failed TLS handshakes from many addresses, idle connections up to the limit,
 * password guessing that tries to reset its own count, weak ciphers, forged senders asking for
 * success notices, an authenticated user sending as someone else. Only 127.0.0.1 is a trusted
 * network here, so every other 127.x.y.z address is a stranger.
 */
public class AttackIT {

    private static final int MAX_CONNECTIONS = 300;
    private static final String BART_PASSWORD = "Bart-pw-1";
    private static final String LISA_PASSWORD = "Lisa-pw-2";

    private static Distribution iems;
    private static final int MX = IemsTestSupport.freePort();
    private static final int SUBMISSION = IemsTestSupport.freePort();
    private static final int SMTPS = IemsTestSupport.freePort();
    private static final int IMAP = IemsTestSupport.freePort();
    private static final int IMAPS = IemsTestSupport.freePort();
    private static final int POP3 = IemsTestSupport.freePort();
    private static final int POP3S = IemsTestSupport.freePort();

    @BeforeClass
    public static void start() throws Exception {
        iems = new Distribution(java.nio.file.Path.of("target/attack"));
        iems.set("org.iems.directory.cfg", "local.domain", "ima.com");
        iems.set("org.iems.net.cfg", "max.connections", String.valueOf(MAX_CONNECTIONS));
        for (String[] listener : new String[][] {{"smtpd", "mx", "" + MX}, {"smtpd", "submission", "" + SUBMISSION},
                {"smtpd", "smtps", "" + SMTPS}, {"imapd", "imap", "" + IMAP}, {"imapd", "imaps", "" + IMAPS},
                {"pop3d", "pop3", "" + POP3}, {"pop3d", "pop3s", "" + POP3S}}) {
            iems.set("org.iems." + listener[0] + ".cfg", listener[1] + ".host", "127.0.0.1");
            iems.set("org.iems." + listener[0] + ".cfg", listener[1] + ".port", listener[2]);
        }
        for (String daemon : new String[] {"smtpd", "imapd", "pop3d"}) {
            iems.set("org.iems." + daemon + ".cfg", "trusted.networks", "127.0.0.1");
        }
        iems.set("org.iems.smtpd.cfg", "host.name", "mx.ima.com");
        iems.set("org.iems.smtpc.cfg", "dns.servers", "127.0.0.1:" + IemsTestSupport.freePort());
        iems.start(() -> IemsTestSupport.connects(IMAPS) && IemsTestSupport.connects(MX));
        iems.shell("iems:user-add --password-file " + iems.passwordFile("bart", BART_PASSWORD) + " bart@ima.com\n"
                + "iems:user-add --password-file " + iems.passwordFile("lisa", LISA_PASSWORD) + " lisa@ima.com\n"
                + "iems:user-add --password-file " + iems.passwordFile("maggie", "Maggie-pw-3") + " maggie@ima.com");
    }

    @AfterClass
    public static void stop() {
        iems.close();
    }

    private static InetAddress stranger(int network, int host) throws IOException {
        return InetAddress.getByName("127.0." + network + "." + host);
    }

    private static final InetAddress TRUSTED = InetAddress.getLoopbackAddress();

    /** Logs in over IMAPS from an address; returns the tagged reply. */
    private static String imapsLogin(InetAddress from, String user, String password) throws Exception {
        try (LineClient c = new LineClient(from, IMAPS, true)) {
            return login(c, user, password);
        }
    }

    /** Reads the greeting, sends LOGIN and returns the tagged reply ({@code null} if the server closed). */
    private static String login(LineClient c, String user, String password) throws IOException {
        assertTrue(c.line().startsWith("* OK"));
        c.write("a LOGIN " + user + " " + password + "\r\n");
        String line;
        while ((line = c.line()) != null && !line.startsWith("a ")) {
            // untagged capability data
        }
        return line;
    }

    private static long millisToLogin(InetAddress from, String user, String password, boolean success) throws Exception {
        long start = System.nanoTime();
        String reply = imapsLogin(from, user, password);
        assertEquals(user + "/" + password + ": " + reply, success, reply != null && reply.startsWith("a OK"));
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    @Test
    public void thousandsOfFailedHandshakesFromManyAddressesLeaveEveryoneServed() throws Exception {
        long logLinesBefore = logLines();
        ExecutorService attackers = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int host = 1; host <= 20; host++) {
                InetAddress from = stranger(10, host);
                runs.add(attackers.submit(() -> {
                    for (int round = 0; round < 12; round++) {
                        for (FailedHandshakes kind : FailedHandshakes.values()) {
                            kind.run(from, IMAPS);
                            kind.run(from, POP3S);
                            kind.run(from, SMTPS);
                            kind.runAfter(from, IMAP, "a STARTTLS");
                            kind.runAfter(from, POP3, "STLS");
                            kind.runAfter(from, SUBMISSION, "STARTTLS");
                            kind.runAfter(from, MX, "STARTTLS");
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get(10, TimeUnit.MINUTES);
            }
        } finally {
            attackers.shutdownNow();
        }
        // 20 addresses x 12 rounds x 5 kinds x 7 ports = 8,400 failed handshakes, logged once per burst
        long logged = logLines() - logLinesBefore;
        assertTrue("log lines for 8,400 failed handshakes: " + logged, logged < 500);
        // Each address may
        // hold 20 POP3 connections at once: all 20 must open, from every flooded address.
        for (int host = 1; host <= 20; host++) {
            InetAddress from = stranger(10, host);
            List<LineClient> held = new ArrayList<>();
            try {
                for (int i = 0; i < 20; i++) {
                    LineClient c = connectWhenSlotsAreBack(from, POP3S);
                    held.add(c);
                }
            } finally {
                for (LineClient c : held) {
                    c.close();
                }
            }
            assertTrue(imapsLogin(from, "bart@ima.com", BART_PASSWORD).startsWith("a OK"));
        }
        assertTrue(imapsLogin(TRUSTED, "lisa@ima.com", LISA_PASSWORD).startsWith("a OK"));
        try (LineClient mx = new LineClient(stranger(10, 1), MX)) {
            assertTrue(mx.line().startsWith("220 "));
        }
    }

    private static long logLines() throws IOException {
        try (var lines = java.nio.file.Files.lines(iems.data().resolve("log/karaf.log"), StandardCharsets.ISO_8859_1)) {
            return lines.count();
        }
    }

    /** Connects and reads the greeting; the last failed handshakes' slots may take a moment to return. */
    private static LineClient connectWhenSlotsAreBack(InetAddress from, int port) throws Exception {
        long deadline = System.currentTimeMillis() + 5_000;
        while (true) {
            LineClient c = new LineClient(from, port, true);
            String greeting = c.line();
            if (greeting != null && greeting.startsWith("+OK")) {
                return c;
            }
            c.close();
            assertTrue("a POP3S slot for " + from + " within 5 s", System.currentTimeMillis() < deadline);
            Thread.sleep(100);
        }
    }

    @Test
    public void idleStrangersAtTheLimitKeepNeitherTrustedNorNewClientsOut() throws Exception {
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_CONNECTIONS; i++) {
                Socket s = new Socket();
                s.bind(new java.net.InetSocketAddress(stranger(20, 1 + i / 40), 0));
                s.connect(new java.net.InetSocketAddress("127.0.0.1", MX));
                idle.add(s);
            }
            Thread.sleep(500);
            try (LineClient trusted = new LineClient(TRUSTED, IMAPS, true);
                    LineClient newcomer = new LineClient(stranger(21, 1), MX)) {
                String reply = login(trusted, "lisa@ima.com", LISA_PASSWORD);
                assertTrue("a trusted client logs in: " + reply, reply != null && reply.startsWith("a OK"));
                assertTrue("a new stranger is greeted", newcomer.line().startsWith("220 "));
                Thread.sleep(500);
                long shed = idle.stream().filter(AttackIT::closedByServer).count();
                assertEquals("the two longest silent strangers made room", 2, shed);
            }
        } finally {
            for (Socket s : idle) {
                s.close();
            }
        }
    }

    /** Whether the server has closed the socket (after the greeting it may have sent). */
    private static boolean closedByServer(Socket s) {
        try {
            s.setSoTimeout(1);
            byte[] buffer = new byte[512];
            while (true) {
                if (s.getInputStream().read(buffer) < 0) {
                    return true;
                }
            }
        } catch (IOException stillOpen) {
            return false;
        }
    }

    @Test
    public void guessingWithAGoodLoginInBetweenIsStillSlowedAndTheRightPasswordStillGetsIn() throws Exception {
        InetAddress guesser = stranger(30, 1);
        for (int i = 0; i < 3; i++) {
            assertTrue("free guess " + i, millisToLogin(guesser, "lisa@ima.com", "guess-" + i, false) < 900);
        }
        millisToLogin(guesser, "maggie@ima.com", "Maggie-pw-3", true);
        assertTrue("a good login to another account did not clear the failures",
                millisToLogin(guesser, "lisa@ima.com", "guess-again", false) >= 900);
        assertTrue("lisa herself, from elsewhere, waits for her account's failures, and gets in",
                millisToLogin(stranger(30, 2), "lisa@ima.com", LISA_PASSWORD, true) >= 1_900);
        assertTrue("other accounts from other addresses do not wait",
                millisToLogin(stranger(30, 3), "bart@ima.com", BART_PASSWORD, true) < 900);
    }

    @Test
    public void onlyForwardSecretCiphersAreOffered() throws Exception {
        for (int port : new int[] {IMAPS, POP3S, SMTPS}) {
            assertFalse("AES128-SHA on " + port, handshakes(port, "-tls1_2", "-cipher", "AES128-SHA"));
            assertFalse("AES256-GCM-SHA384 (RSA key exchange) on " + port,
                    handshakes(port, "-tls1_2", "-cipher", "AES256-GCM-SHA384"));
            assertFalse("TLS 1.1 on " + port, handshakes(port, "-tls1_1", "-cipher", "ALL:@SECLEVEL=0"));
            assertTrue("ECDHE-RSA-AES128-GCM-SHA256 on " + port,
                    handshakes(port, "-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256"));
            assertTrue("TLS 1.3 on " + port, handshakes(port, "-tls1_3"));
        }
    }

    @Test
    public void clientsCannotRenegotiate() throws Exception {
        for (int port : new int[] {IMAPS, POP3S, SMTPS, IMAPS, POP3S, SMTPS, IMAPS, POP3S, SMTPS}) {
            Process p = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + port, "-tls1_2")
                    .redirectErrorStream(true).start();
            Thread.sleep(1500);
            p.getOutputStream().write("R\n".getBytes(StandardCharsets.US_ASCII));
            p.getOutputStream().flush();
            Thread.sleep(1500);
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertTrue("port " + port + " asked to renegotiate:\n" + out, out.contains("RENEGOTIATING"));
            String after = out.substring(out.indexOf("RENEGOTIATING"));
            // a second handshake that went through would show the server's certificate verified again
            assertFalse("port " + port + " renegotiated:\n" + out, after.contains("verify return"));
        }
    }

    private static boolean handshakes(int port, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port));
        command.addAll(List.of(options));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Process p = builder.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return out.contains("Cipher is ") && !out.contains("Cipher is (NONE)");
    }

    @Test
    public void aForgedSenderGetsNoSuccessNoticeButAnAuthenticatedUserDoes() throws Exception {
        try (LineClient mx = new LineClient(stranger(40, 1), MX)) {
            mx.line();
            smtp(mx, "EHLO stranger.example", "250");
            smtp(mx, "MAIL FROM:<lisa@ima.com>", "250");
            smtp(mx, "RCPT TO:<maggie@ima.com> NOTIFY=SUCCESS", "250");
            smtp(mx, "DATA", "354");
            smtp(mx, "Subject: stranger's text\r\n\r\nsent to lisa as a 'report'\r\n.", "250");
        }
        try (LineClient submission = bartOnSubmission()) {
            smtp(submission, "MAIL FROM:<bart@ima.com>", "250");
            smtp(submission, "RCPT TO:<maggie@ima.com> NOTIFY=SUCCESS", "250");
            smtp(submission, "DATA", "354");
            smtp(submission, "Subject: from bart\r\n\r\nhi\r\n.", "250");
        }
        long deadline = System.currentTimeMillis() + 60_000;
        while (!inboxSubjects("bart@ima.com", BART_PASSWORD).contains("Successful Mail Delivery Report")) {
            assertTrue("bart's success notice within 60 s", System.currentTimeMillis() < deadline);
            Thread.sleep(500);
        }
        assertFalse("no notice to the forged sender", inboxSubjects("lisa@ima.com", LISA_PASSWORD)
                .contains("Successful Mail Delivery Report"));
        assertTrue(inboxSubjects("maggie@ima.com", "Maggie-pw-3").contains("stranger's text"));
    }

    @Test
    public void anAuthenticatedUserCannotSendAsSomeoneElse() throws Exception {
        try (LineClient submission = bartOnSubmission()) {
            assertTrue(smtp(submission, "MAIL FROM:<ceo@bank.test>", "553").contains("not owned by user bart@ima.com"));
            smtp(submission, "MAIL FROM:<lisa@ima.com>", "553");
            smtp(submission, "MAIL FROM:<bart@ima.com>", "250");
        }
        iems.shell("iems:sender-grant-add bart@ima.com ceo@bank.test");
        try (LineClient submission = bartOnSubmission()) {
            smtp(submission, "MAIL FROM:<ceo@bank.test>", "250");
        }
    }

    /** A submission session from the trusted address in which bart has authenticated. */
    private static LineClient bartOnSubmission() throws IOException {
        LineClient submission = new LineClient(SUBMISSION);
        submission.line();
        smtp(submission, "EHLO bart.example", "250");
        String plain = Base64.getEncoder().encodeToString(("\0bart@ima.com\0" + BART_PASSWORD).getBytes(StandardCharsets.UTF_8));
        smtp(submission, "AUTH PLAIN " + plain, "235");
        return submission;
    }

    /** Sends an SMTP line and checks the reply's code; returns the whole reply. */
    private static String smtp(LineClient c, String line, String code) throws IOException {
        c.write(line + "\r\n");
        StringBuilder reply = new StringBuilder();
        String l;
        do {
            l = c.line();
            assertTrue("a reply to " + line, l != null);
            reply.append(l).append('\n');
        } while (l.length() > 3 && l.charAt(3) == '-');
        assertTrue(line + " -> " + reply, reply.toString().startsWith(code));
        return reply.toString();
    }

    /** The subjects in an account's INBOX, read over IMAP from the trusted address. */
    private static String inboxSubjects(String user, String password) throws Exception {
        try (LineClient c = new LineClient(IMAP)) {
            c.line();
            c.write("a LOGIN " + user + " " + password + "\r\nb SELECT INBOX\r\nc FETCH 1:* (BODY.PEEK[HEADER.FIELDS (SUBJECT)])\r\n"
                    + "d LOGOUT\r\n");
            StringBuilder all = new StringBuilder();
            String line;
            while ((line = c.line()) != null) {
                all.append(line).append('\n');
            }
            return all.toString();
        }
    }
}
