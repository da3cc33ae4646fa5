package org.iems.pop3d.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iems.pop3d.internal.Pop3Server.BART;
import static org.iems.pop3d.internal.Pop3Server.LISA;
import static org.iems.pop3d.internal.Pop3Server.PASSWORD;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POP3 conversations over real sockets, byte for byte, against the server with its real store. */
class Pop3ConversationTest {

    private static final String FIRST = "Subject: one\r\nFrom: a@b.example\r\n\r\nline 1\r\n.hidden dot\r\nline 3\r\n";
    private static final String SECOND = "Subject: two\r\n\r\nbody\r\n";

    @TempDir
    Path dir;
    private Pop3Server server;

    @BeforeEach
    void start() throws Exception {
        server = new Pop3Server(dir, Map.of());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Pop3Client plain() throws Exception {
        return new Pop3Client(server.port(Pop3Listener.POP3));
    }

    private Pop3Client loggedIn(String user) throws Exception {
        Pop3Client c = plain();
        c.login(user);
        return c;
    }

    @Test
    void greetsAndOffersStlsButNoPasswordsWithoutTls() throws Exception {
        try (Pop3Client c = plain()) {
            assertThat(c.line()).isEqualTo("+OK pop.ima.com IEMS POP3 server ready");
            assertThat(c.send("CAPA")).startsWith("+OK");
            List<String> caps = c.body();
            assertThat(caps).contains("STLS", "TOP", "UIDL", "PIPELINING", "RESP-CODES", "AUTH-RESP-CODE")
                    .doesNotContain("USER", "SASL PLAIN");
            assertThat(c.send("USER bart")).startsWith("-ERR [AUTH] Plaintext authentication is refused");
            assertThat(c.send("PASS " + PASSWORD)).startsWith("-ERR [AUTH]");
            assertThat(c.send("AUTH PLAIN " + plain("bart@ima.com", PASSWORD))).startsWith("-ERR [AUTH]");
        }
    }

    @Test
    void underTlsOffersUserAndSaslNotStls() throws Exception {
        try (Pop3Client c = plain()) {
            c.line();
            assertThat(c.send("STLS")).isEqualTo("+OK Begin TLS negotiation");
            c.startTls();
            c.send("CAPA");
            assertThat(c.body()).contains("USER", "SASL PLAIN").doesNotContain("STLS");
            assertThat(c.send("STLS")).isEqualTo("-ERR TLS is already on");
        }
    }

    @Test
    void implicitTlsOnTheSecondListener() throws Exception {
        server.deliver(BART, FIRST);
        try (Pop3Client c = Pop3Client.implicitTls(server.port(Pop3Listener.POP3S))) {
            assertThat(c.line()).startsWith("+OK");
            assertThat(c.send("USER bart@ima.com")).startsWith("+OK");
            assertThat(c.send("PASS " + PASSWORD)).isEqualTo("+OK Logged in, 1 messages (" + FIRST.length() + " octets)");
        }
    }

    @Test
    void trustedNetworksMayLogInWithoutTls() throws Exception {
        server.close();
        server = new Pop3Server(dir.resolve("trusted"), Map.of("trusted.networks", "127.0.0.0/8"));
        try (Pop3Client c = plain()) {
            c.line();
            c.send("CAPA");
            assertThat(c.body()).contains("USER", "SASL PLAIN");
            c.send("USER bart");
            assertThat(c.send("PASS " + PASSWORD)).startsWith("+OK Logged in");
        }
    }

    @Test
    void rfc1939ExampleSessionStatListRetrDeleQuit() throws Exception {
        server.deliver(BART, FIRST);
        server.deliver(BART, SECOND);
        long total = FIRST.length() + SECOND.length();
        try (Pop3Client c = loggedIn("bart")) {
            assertThat(c.send("STAT")).isEqualTo("+OK 2 " + total);
            assertThat(c.send("LIST")).isEqualTo("+OK 2 messages (" + total + " octets)");
            assertThat(c.body()).containsExactly("1 " + FIRST.length(), "2 " + SECOND.length());
            assertThat(c.send("LIST 2")).isEqualTo("+OK 2 " + SECOND.length());
            assertThat(c.send("LIST 3")).isEqualTo("-ERR No such message");
            assertThat(c.send("RETR 1")).isEqualTo("+OK " + FIRST.length() + " octets");
            assertThat(c.body()).containsExactly("Subject: one", "From: a@b.example", "", "line 1", "..hidden dot",
                    "line 3");
            assertThat(c.send("DELE 1")).isEqualTo("+OK Message 1 deleted");
            assertThat(c.send("DELE 1")).isEqualTo("-ERR No such message");
            assertThat(c.send("RETR 1")).isEqualTo("-ERR No such message");
            assertThat(c.send("STAT")).isEqualTo("+OK 1 " + SECOND.length());
            assertThat(c.send("QUIT")).isEqualTo("+OK IEMS POP3 server signing off (1 messages left)");
            assertThat(c.closedByServer()).isTrue();
        }
        assertThat(server.store.messages(BART, "INBOX", 1, 10)).extracting(m -> m.uid()).containsExactly(2L);
        assertThat(server.store.usage(BART).messages()).isEqualTo(1);
    }

    @Test
    void uidlIsStableAcrossSessionsAndNumbersAreNot() throws Exception {
        long first = server.deliver(BART, FIRST);
        long second = server.deliver(BART, SECOND);
        String firstId;
        String secondId;
        try (Pop3Client c = loggedIn("bart")) {
            assertThat(c.send("UIDL")).startsWith("+OK");
            List<String> ids = c.body();
            assertThat(ids).hasSize(2);
            firstId = ids.get(0).split(" ")[1];
            secondId = ids.get(1).split(" ")[1];
            assertThat(firstId).endsWith("." + first).matches("[\\x21-\\x7e]{1,70}");
            assertThat(secondId).endsWith("." + second);
            assertThat(c.send("UIDL 2")).isEqualTo("+OK 2 " + secondId);
            c.send("DELE 1");
            c.send("QUIT");
        }
        try (Pop3Client c = loggedIn("bart")) {
            assertThat(c.send("UIDL 1")).isEqualTo("+OK 1 " + secondId);
        }
    }

    @Test
    void aLoginSeesMailDeliveredSinceTheLastOne() throws Exception {
        server.deliver(BART, FIRST);
        try (Pop3Client c = loggedIn("bart")) {
            assertThat(c.send("STAT")).isEqualTo("+OK 1 " + FIRST.length());
            server.deliver(BART, SECOND);
            assertThat(c.send("STAT")).as("the session keeps its view").isEqualTo("+OK 1 " + FIRST.length());
            c.send("QUIT");
        }
        awaitUnlocked();
        try (Pop3Client c = loggedIn("bart")) {
            assertThat(c.send("STAT")).isEqualTo("+OK 2 " + (FIRST.length() + SECOND.length()));
            c.send("QUIT");
        }
        awaitUnlocked();
        server.store.expunge(BART, "INBOX", List.of(1L));
        try (Pop3Client c = loggedIn("bart")) {
            assertThat(c.send("STAT")).isEqualTo("+OK 1 " + SECOND.length());
        }
    }

    @Test
    void rsetUnmarksAndADroppedConnectionDeletesNothingAndReleasesTheLock() throws Exception {
        server.deliver(BART, FIRST);
        server.deliver(BART, SECOND);
        try (Pop3Client c = loggedIn("bart")) {
            c.send("DELE 1");
            c.send("DELE 2");
            assertThat(c.send("RSET")).isEqualTo("+OK 2 messages (" + (FIRST.length() + SECOND.length()) + " octets)");
            c.send("DELE 2");
        } // dropped without QUIT: no UPDATE state
        awaitUnlocked();
        assertThat(server.store.messages(BART, "INBOX", 1, 10)).hasSize(2);
        try (Pop3Client c = loggedIn("bart")) {
            assertThat(c.send("STAT")).startsWith("+OK 2 ");
        }
    }

    @Test
    void aSecondSessionFindsTheMaildropInUseUntilTheFirstEnds() throws Exception {
        server.deliver(BART, FIRST);
        try (Pop3Client first = loggedIn("bart"); Pop3Client second = plain()) {
            second.line();
            second.send("STLS");
            second.startTls();
            second.send("USER bart");
            assertThat(second.send("PASS " + PASSWORD)).startsWith("-ERR [IN-USE]");
            try (Pop3Client other = loggedIn("lisa")) {
                assertThat(other.send("STAT")).isEqualTo("+OK 0 0");
            }
            first.send("QUIT");
            awaitUnlocked();
            second.send("USER bart");
            assertThat(second.send("PASS " + PASSWORD)).startsWith("+OK Logged in, 1 messages");
        }
    }

    @Test
    void theMaildropLockHoldsAcrossTwoNodesSharingTheStore(@TempDir Path otherDir) throws Exception {
        server.deliver(BART, FIRST);
        try (Pop3Server otherNode = new Pop3Server(otherDir, Map.of(), server.database);
                Pop3Client first = loggedIn("bart");
                Pop3Client second = Pop3Client.implicitTls(otherNode.port(Pop3Listener.POP3S))) {
            second.line();
            second.send("USER bart");
            assertThat(second.send("PASS " + PASSWORD)).as("locked on the other node").startsWith("-ERR [IN-USE]");
            first.send("QUIT");
            awaitUnlocked();
            second.send("USER bart");
            assertThat(second.send("PASS " + PASSWORD)).startsWith("+OK Logged in, 1 messages");
        }
    }

    @Test
    void withoutLockingTwoSessionsShareTheMaildropAndADoubleDeleteCountsOnce() throws Exception {
        server.close();
        server = new Pop3Server(dir.resolve("shared"), Map.of("lock.maildrops", false));
        server.deliver(BART, FIRST);
        server.deliver(BART, SECOND);
        try (Pop3Client first = loggedIn("bart"); Pop3Client second = loggedIn("bart")) {
            assertThat(first.send("DELE 1")).startsWith("+OK");
            assertThat(second.send("DELE 1")).startsWith("+OK");
            assertThat(first.send("QUIT")).startsWith("+OK");
            assertThat(second.send("QUIT")).startsWith("+OK");
        }
        assertThat(server.store.messages(BART, "INBOX", 1, 10)).extracting(m -> m.uid()).containsExactly(2L);
        assertThat(server.store.usage(BART).messages()).isEqualTo(1);
        assertThat(server.store.usage(BART).bytes()).isEqualTo(SECOND.length());
    }

    @Test
    void aSilentClientIsLoggedOutAndItsLockReleased() throws Exception {
        server.close();
        server = new Pop3Server(dir.resolve("idle"), Map.of("idle.timeout.seconds", 1));
        server.deliver(BART, FIRST);
        try (Pop3Client c = loggedIn("bart")) {
            c.send("DELE 1");
            assertThat(c.line()).isEqualTo("-ERR Autologout; idle for too long");
            assertThat(c.closedByServer()).isTrue();
        }
        awaitUnlocked();
        assertThat(server.store.messages(BART, "INBOX", 1, 10)).as("no QUIT, nothing deleted").hasSize(1);
    }

    @Test
    void manySimultaneousSessionsAreServedAndLeaveNoLockBehind() throws Exception {
        server.close();
        server = new Pop3Server(dir.resolve("many"), Map.of("lock.maildrops", false, "max.connections.per.client", 500));
        server.deliver(BART, FIRST);
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Future<String>> stats = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                stats.add(pool.submit(() -> {
                    try (Pop3Client c = implicitLogin()) {
                        String stat = c.send("STAT");
                        c.send("QUIT");
                        return stat;
                    }
                }));
            }
            for (Future<String> stat : stats) {
                assertThat(stat.get(60, TimeUnit.SECONDS)).isEqualTo("+OK 1 " + FIRST.length());
            }
        } finally {
            pool.shutdownNow();
        }
        awaitUnlocked();
    }

    private Pop3Client implicitLogin() throws Exception {
        Pop3Client c = Pop3Client.implicitTls(server.port(Pop3Listener.POP3S));
        c.line();
        c.send("USER bart");
        String reply = c.send("PASS " + PASSWORD);
        assertThat(reply).startsWith("+OK");
        return c;
    }

    private void awaitUnlocked() throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(5));
        while (server.pop3d.lockedMaildrops() > 0 && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }
        assertThat(server.pop3d.lockedMaildrops()).isZero();
    }

    @Test
    void topSendsTheHeaderTheBlankLineAndNLines() throws Exception {
        server.deliver(BART, FIRST);
        try (Pop3Client c = loggedIn("bart")) {
            assertThat(c.send("TOP 1 0")).startsWith("+OK");
            assertThat(c.body()).containsExactly("Subject: one", "From: a@b.example", "");
            c.send("TOP 1 2");
            assertThat(c.body()).containsExactly("Subject: one", "From: a@b.example", "", "line 1", "..hidden dot");
            c.send("TOP 1 100");
            assertThat(c.body()).hasSize(6);
            assertThat(c.send("TOP 1")).startsWith("-ERR");
            assertThat(c.send("TOP 1 -1")).isEqualTo("-ERR Invalid line count");
            assertThat(c.send("TOP 9 1")).isEqualTo("-ERR No such message");
        }
    }

    @Test
    void aMessageWithoutFinalCrlfIsTerminatedProperly() throws Exception {
        server.deliver(BART, "Subject: x\r\n\r\nno newline at the end");
        try (Pop3Client c = loggedIn("bart")) {
            c.send("RETR 1");
            assertThat(c.body()).containsExactly("Subject: x", "", "no newline at the end");
            assertThat(c.send("NOOP")).isEqualTo("+OK");
        }
    }

    @Test
    void authPlainWithInitialResponseContinuationAndCancel() throws Exception {
        try (Pop3Client c = plain()) {
            c.line();
            c.send("STLS");
            c.startTls();
            assertThat(c.send("AUTH")).startsWith("+OK");
            assertThat(c.body()).containsExactly("PLAIN");
            assertThat(c.send("AUTH CRAM-MD5")).isEqualTo("-ERR Unsupported authentication mechanism");
            assertThat(c.send("AUTH PLAIN")).isEqualTo("+ ");
            assertThat(c.send("*")).isEqualTo("-ERR Authentication cancelled");
            assertThat(c.send("AUTH PLAIN")).isEqualTo("+ ");
            assertThat(c.send("!!notbase64")).isEqualTo("-ERR Invalid base64 in the authentication response");
            assertThat(c.send("AUTH PLAIN " + plain("bart", "wrong"))).isEqualTo("-ERR [AUTH] Invalid login or password");
            assertThat(c.send("AUTH PLAIN " + Base64.getEncoder().encodeToString(
                    ("lisa@ima.com\0bart@ima.com\0" + PASSWORD).getBytes(StandardCharsets.UTF_8))))
                    .startsWith("-ERR [AUTH] Logging in as another user");
            assertThat(c.send("AUTH PLAIN")).isEqualTo("+ ");
            assertThat(c.send(plain("bart@ima.com", PASSWORD))).startsWith("+OK Logged in");
            assertThat(c.send("AUTH PLAIN")).isEqualTo("-ERR Already logged in");
        }
    }

    private static String plain(String user, String password) {
        return Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void commandsInTheWrongStateAreRefused() throws Exception {
        server.close();
        server = new Pop3Server(dir.resolve("errors"), Map.of("max.errors", 50));
        try (Pop3Client c = plain()) {
            c.line();
            for (String command : List.of("STAT", "LIST", "RETR 1", "DELE 1", "NOOP", "RSET", "TOP 1 1", "UIDL")) {
                assertThat(c.send(command)).as(command).isEqualTo("-ERR Log in first");
            }
            c.send("STLS");
            c.startTls();
            assertThat(c.send("PASS " + PASSWORD)).isEqualTo("-ERR USER first");
            assertThat(c.send("APOP bart 0123456789abcdef0123456789abcdef")).startsWith("-ERR [AUTH] APOP is not supported");
        }
        try (Pop3Client c = loggedIn("bart")) {
            assertThat(c.send("USER bart")).isEqualTo("-ERR Already logged in");
            assertThat(c.send("STLS")).isEqualTo("-ERR STLS is only allowed before login");
        }
    }

    @Test
    void badMessageNumbersAreRefused() throws Exception {
        server.deliver(BART, FIRST);
        try (Pop3Client c = loggedIn("bart")) {
            for (String arg : List.of("0", "-1", "2", "abc", "1x", "99999999999999999999", "")) {
                assertThat(c.send("RETR " + arg)).as(arg).isEqualTo("-ERR No such message");
            }
            assertThat(c.send("STAT")).isEqualTo("+OK 1 " + FIRST.length());
        }
    }

    @Test
    void wrongPasswordIsRefusedAndTheSessionMayTryAgain() throws Exception {
        try (Pop3Client c = plain()) {
            c.line();
            c.send("STLS");
            c.startTls();
            c.send("USER bart");
            assertThat(c.send("PASS nope")).isEqualTo("-ERR [AUTH] Invalid login or password");
            c.send("USER nobody@ima.com");
            assertThat(c.send("PASS " + PASSWORD)).isEqualTo("-ERR [AUTH] Invalid login or password");
            c.send("USER bart");
            assertThat(c.send("PASS " + PASSWORD)).startsWith("+OK");
        }
    }

    @Test
    void passwordGuessingIsSlowedDownAcrossConnectionsButTheRightPasswordStillWorks() throws Exception {
        server.close();
        server = new Pop3Server(dir.resolve("throttle"), Map.of("trusted.networks", "127.0.0.0/8", "max.errors", 50));
        try (Pop3Client c = plain()) {
            c.line();
            for (int i = 0; i < 3; i++) {
                c.send("USER bart");
                assertThat(c.send("PASS guess" + i)).isEqualTo("-ERR [AUTH] Invalid login or password");
            }
        }
        try (Pop3Client c = plain()) {
            c.line();
            c.send("USER bart");
            long start = System.nanoTime();
            assertThat(c.send("PASS " + PASSWORD)).as("the right password, answered late").startsWith("+OK");
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(900);
        }
    }

    @Test
    void anOverlongLineIsRefusedAndTheSessionGoesOn() throws Exception {
        try (Pop3Client c = plain()) {
            c.line();
            assertThat(c.send("NOOP " + "x".repeat(100_000))).isEqualTo("-ERR Line too long");
            assertThat(c.send("CAPA")).startsWith("+OK");
            c.body();
        }
    }

    @Test
    void tooManyErrorsCloseTheConnection() throws Exception {
        try (Pop3Client c = plain()) {
            c.line();
            for (int i = 1; i < 10; i++) {
                assertThat(c.send("BOGUS")).isEqualTo("-ERR Unknown command");
            }
            assertThat(c.send("BOGUS")).isEqualTo("-ERR Too many errors, closing");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void pipelinedCommandsAreAnsweredInOrder() throws Exception {
        server.deliver(BART, FIRST);
        server.deliver(BART, SECOND);
        try (Pop3Client c = loggedIn("bart")) {
            c.write("STAT\r\nLIST 1\r\nRETR 2\r\nNOOP\r\n");
            assertThat(c.line()).startsWith("+OK 2 ");
            assertThat(c.line()).isEqualTo("+OK 1 " + FIRST.length());
            assertThat(c.line()).startsWith("+OK");
            assertThat(c.body()).containsExactly("Subject: two", "", "body");
            assertThat(c.line()).isEqualTo("+OK");
        }
    }

    @Test
    void commandsPipelinedAfterStlsAreDiscarded() throws Exception {
        server.close();
        server = new Pop3Server(dir.resolve("inject"), Map.of("trusted.networks", "127.0.0.0/8"));
        try (Pop3Client c = plain()) {
            c.line();
            c.write("STLS\r\nUSER bart\r\n");
            assertThat(c.line()).isEqualTo("+OK Begin TLS negotiation");
            c.startTls();
            // had "USER bart" been kept, PASS would log in
            assertThat(c.send("PASS " + PASSWORD)).isEqualTo("-ERR USER first");
        }
    }

    @Test
    void aLargeMessageIsStreamedWholeUnderStlsAndImplicitTls() throws Exception {
        StringBuilder text = new StringBuilder("Subject: big\r\n\r\n");
        String line = "0123456789".repeat(7) + "\r\n";
        while (text.length() < 8 * 1024 * 1024) {
            text.append(line);
        }
        server.deliver(BART, text.toString());
        try (Pop3Client c = loggedIn("bart")) {
            assertThat(c.send("RETR 1")).isEqualTo("+OK " + text.length() + " octets");
            assertThat(String.join("\r\n", c.body()) + "\r\n").isEqualTo(text.toString());
            c.send("QUIT");
        }
        awaitUnlocked();
        try (Pop3Client c = Pop3Client.implicitTls(server.port(Pop3Listener.POP3S))) {
            c.line();
            c.send("USER bart");
            c.send("PASS " + PASSWORD);
            assertThat(c.send("RETR 1")).isEqualTo("+OK " + text.length() + " octets");
            assertThat(String.join("\r\n", c.body()) + "\r\n").isEqualTo(text.toString());
        }
    }
}
