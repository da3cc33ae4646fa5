package org.iems.pop3d.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iems.pop3d.internal.Pop3Server.BART;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.iems.testsupport.Processes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The POP3 server as independent clients use it: Python's poplib, curl and fetchmail (Debian
 * packages, installed by the test command), over STLS and implicit TLS.
 */
class RealClientsTest {

    private static final String FIRST = "Subject: first\r\n\r\nbody 1\r\n";
    private static final String SECOND = "Subject: second\r\n\r\n.starts with a dot\r\nbody 2\r\n";
    private static final String THIRD = "Subject: third\r\n\r\nbody 3\r\nmore 3\r\n";

    @TempDir
    Path dir;
    private Pop3Server server;

    @BeforeEach
    void start() throws Exception {
        server = new Pop3Server(dir, Map.of());
        for (String text : List.of(FIRST, SECOND, THIRD)) {
            server.deliver(BART, text);
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private record Run(int exit, String output) {
    }

    private static Run run(List<String> command, Map<String, String> environment)
            throws IOException, InterruptedException {
        Processes.Output result = Processes.run(command, environment, Duration.ofSeconds(120));
        assertThat(result.ended()).as("%s ends", command).isTrue();
        return new Run(result.exit(), result.output());
    }

    private int plainPort() {
        return server.port(Pop3Listener.POP3);
    }

    private int tlsPort() {
        return server.port(Pop3Listener.POP3S);
    }

    @Test
    void poplibReadsDeletesAndIsRefusedWhereItMustBe() throws Exception {
        Run python = run(List.of("python3", "src/test/python/pop3_clients.py", String.valueOf(plainPort()),
                String.valueOf(tlsPort())), Map.of());
        assertThat(python.exit()).as(python.output()).isZero();
        assertThat(python.output().lines().filter(l -> l.startsWith("OK "))).hasSize(5);
        assertThat(server.store.messages(BART, "INBOX", 1, 10)).extracting(m -> m.uid()).containsExactly(2L, 3L);
    }

    @Test
    void curlListsAndRetrievesOverStlsAndImplicitTls() throws Exception {
        Run list = run(List.of("curl", "-sS", "--ssl-reqd", "-k", "--user", "bart@ima.com:" + Pop3Server.PASSWORD,
                "pop3://127.0.0.1:" + plainPort() + "/"), Map.of());
        assertThat(list.exit()).as(list.output()).isZero();
        assertThat(list.output().lines()).containsExactly("1 " + FIRST.length(), "2 " + SECOND.length(),
                "3 " + THIRD.length());
        Run retrieved = run(List.of("curl", "-sS", "-k", "--user", "bart:" + Pop3Server.PASSWORD,
                "pop3s://127.0.0.1:" + tlsPort() + "/2"), Map.of());
        assertThat(retrieved.exit()).as(retrieved.output()).isZero();
        assertThat(retrieved.output()).isEqualTo(SECOND);
        Run refused = run(List.of("curl", "-sS", "--user", "bart:" + Pop3Server.PASSWORD,
                "pop3://127.0.0.1:" + plainPort() + "/1"), Map.of());
        assertThat(refused.exit()).as("a login without TLS must fail: %s", refused.output()).isNotZero();
    }

    @Test
    void fetchmailDownloadsEverythingOverStlsAndDeletesIt() throws Exception {
        Path mbox = dir.resolve("fetched");
        Path rc = dir.resolve("fetchmailrc");
        Files.writeString(rc, "set no syslog\n"
                + "poll 127.0.0.1 service " + plainPort() + " protocol POP3 uidl\n"
                + "  user \"bart@ima.com\" there with password \"" + Pop3Server.PASSWORD + "\" is \"bart\" here\n"
                + "  sslproto TLS1.2+ no sslcertck\n"
                + "  mda \"/bin/sh -c 'cat >> " + mbox + "'\"\n");
        Files.setPosixFilePermissions(rc, PosixFilePermissions.fromString("rw-------"));
        Run fetch = run(List.of("fetchmail", "-f", rc.toString(), "-v", "--nodetach", "--pidfile",
                dir.resolve("fetchmail.pid").toString()), Map.of("HOME", dir.toString()));
        assertThat(fetch.exit()).as(fetch.output()).isZero();
        assertThat(fetch.output()).contains("3 messages", "STLS");
        String fetched = Files.readString(mbox);
        assertThat(fetched).contains("Subject: first", "\n.starts with a dot\n", "Subject: third", "more 3");
        assertThat(server.store.messages(BART, "INBOX", 1, 10)).isEmpty();
        assertThat(server.store.usage(BART).messages()).isZero();
    }
}
