package org.iems.smtpd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.iems.api.queue.BodyType;
import org.iems.api.queue.QueueEntry;
import org.iems.testsupport.Processes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SMTP server as independent clients use it: Python's smtplib and swaks (Debian packages,
 * installed by the test command), over plain SMTP, STARTTLS and implicit TLS.
 */
class RealClientsTest {

    @TempDir
    static Path dir;

    private static SmtpServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new SmtpServer(dir, Map.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private record Run(int exit, String output) {
    }

    private static Run run(List<String> command) throws IOException, InterruptedException {
        Processes.Output result = Processes.run(command, Map.of(), Duration.ofSeconds(300));
        assertThat(result.ended()).as("%s ends", command).isTrue();
        return new Run(result.exit(), result.output());
    }

    private static Run swaks(int port, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("swaks", "--server", "127.0.0.1", "--port", String.valueOf(port),
                "--helo", "client.example", "--timeout", "20"));
        command.addAll(List.of(args));
        return run(command);
    }

    private static int port(SmtpListener listener) {
        return server.port(listener);
    }

    @Test
    void smtplibSendsOverEveryListenerAndIsRefusedWhereItMustBe() throws Exception {
        int before = server.queued().size();
        Run python = run(List.of("python3", "src/test/python/smtp_clients.py", String.valueOf(port(SmtpListener.MX)),
                String.valueOf(port(SmtpListener.SUBMISSION)), String.valueOf(port(SmtpListener.SMTPS))));
        assertThat(python.exit()).as(python.output()).isZero();
        assertThat(python.output().lines().filter(l -> l.startsWith("OK "))).hasSize(12);
        List<QueueEntry> queued = server.queued().subList(before, server.queued().size());
        assertThat(queued).as("one entry per message accepted").hasSize(7);
        assertThat(queued).anySatisfy(e -> assertThat(e.size()).isGreaterThan(50_000_000));
        assertThat(queued).anySatisfy(e -> assertThat(e.envelope().body()).isEqualTo(BodyType.EIGHT_BIT_MIME));
        assertThat(queued).anySatisfy(e -> {
            assertThat(e.envelope().smtpUtf8()).isTrue();
            assertThat(e.envelope().recipients().get(0).address().toString()).isEqualTo("jörg@ima.com");
        });
        assertThat(queued).filteredOn(e -> e.envelope().authenticatedUser().isPresent()).hasSize(3);
    }

    @Test
    void swaksPipelinesToTheMailExchanger() throws Exception {
        Run r = swaks(port(SmtpListener.MX), "--from", "a@remote.example", "--to", "bart@ima.com", "--pipeline",
                "--header", "Subject: swaks pipelining");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("250 2.0.0 OK queued as");
    }

    @Test
    void swaksSubmitsWithStartTlsAndAuthLogin() throws Exception {
        Run r = swaks(port(SmtpListener.SUBMISSION), "--tls", "--auth", "LOGIN", "--auth-user", "bart@ima.com",
                "--auth-password", SmtpServer.PASSWORD, "--from", "bart@ima.com", "--to", "friend@remote.example");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("TLS started", "235 2.7.0 Authentication successful", "250 2.0.0 OK queued as");
    }

    @Test
    void swaksSubmitsOverImplicitTlsWithAuthPlain() throws Exception {
        Run r = swaks(port(SmtpListener.SMTPS), "--tls-on-connect", "--auth", "PLAIN", "--auth-user", "bart",
                "--auth-password", SmtpServer.PASSWORD, "--from", "bart@ima.com", "--to", "friend@remote.example");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("TLSv1.3", "235 2.7.0", "250 2.0.0 OK queued as");
    }

    /** Classic tricks to make a server relay; with swaks, from an untrusted, unauthenticated client. */
    @Test
    void noOpenRelayTrickRelays() throws Exception {
        List<String> tricks = List.of("victim@elsewhere.example", "victim%elsewhere.example@ima.com",
                "elsewhere.example!victim@ima.com", "@ima.com:victim@elsewhere.example", "\"victim@elsewhere.example\"@ima.com",
                "victim@[192.0.2.1]", "victim@elsewhere.example.", "VICTIM@ELSEWHERE.EXAMPLE", "postmaster@elsewhere.example",
                "victim@elsewhere.example@ima.com", "victim@ima.com.elsewhere.example", "<victim@elsewhere.example>",
                "victim@localhost", "victim@[127.0.0.1]");
        int before = server.queued().size();
        for (String trick : tricks) {
            Run r = swaks(port(SmtpListener.MX), "--from", "spammer@remote.example", "--to", trick);
            assertThat(r.exit()).as("relayed to %s:%n%s", trick, r.output()).isNotZero();
            assertThat(r.output()).as(trick).containsPattern("<\\*\\* +5\\d\\d ");
        }
        assertThat(server.queued()).hasSize(before);
    }
}
