package org.iems.imapd.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iems.imapd.internal.ImapServer.BART;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.iems.api.store.StoredMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The IMAP server as independent clients use it: Python's imaplib and curl (Debian packages,
 * installed by the test command), over STARTTLS and implicit TLS.
 */
class RealClientsTest {

    private static final String FIRST = "Subject: first\r\n\r\nbody 1\r\n";
    private static final String SECOND = "Subject: second\r\n\r\nbody 2\r\n";
    private static final String THIRD = "Subject: third\r\n\r\nbody 3\r\nmore 3\r\n";

    @TempDir
    Path dir;
    private ImapServer server;

    @BeforeEach
    void start() throws Exception {
        server = new ImapServer(dir, Map.of());
        for (String text : List.of(FIRST, SECOND, THIRD)) {
            server.deliver(BART, text);
        }
        server.store.updateFlags(BART, "INBOX", List.of(2L), org.iems.api.store.FlagChange.ADD, java.util.Set.of(
                "\\Seen"), java.util.OptionalLong.empty());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private record Run(int exit, String output) {
    }

    private static Run run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s ends", command).isTrue();
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    @Test
    void imaplibReadsFilesMovesAndIdles() throws Exception {
        Run python = run(List.of("python3", "src/test/python/imap_clients.py",
                String.valueOf(server.port(ImapListener.IMAP)), String.valueOf(server.port(ImapListener.IMAPS)),
                dir.resolve("unused").toString()));
        assertThat(python.exit()).as(python.output()).isZero();
        assertThat(python.output().lines().filter(l -> l.startsWith("OK "))).hasSize(5);
        assertThat(server.store.messages(BART, "Projects/IEMS", 1, 10)).extracting(StoredMessage::size)
                .containsExactly((long) "Subject: appended\r\n\r\nhello\r\n".length(), (long) FIRST.length(),
                        (long) SECOND.length());
        assertThat(server.store.messages(BART, "Sent", 1, 10)).extracting(StoredMessage::size)
                .containsExactly((long) THIRD.length());
    }

    @Test
    void curlListsFetchesAndSearchesOverStartTlsAndImplicitTls() throws Exception {
        String user = "bart@ima.com:" + ImapServer.PASSWORD;
        Run message = run(List.of("curl", "-sS", "--ssl-reqd", "-k", "--user", user,
                "imap://127.0.0.1:" + server.port(ImapListener.IMAP) + "/INBOX;UID=3"));
        assertThat(message.exit()).as(message.output()).isZero();
        assertThat(message.output()).isEqualTo(THIRD);
        Run search = run(List.of("curl", "-sS", "-k", "--user", user, "imaps://127.0.0.1:"
                + server.port(ImapListener.IMAPS) + "/INBOX?SUBJECT%20second"));
        assertThat(search.exit()).as(search.output()).isZero();
        assertThat(search.output().strip()).isEqualTo("* SEARCH 2");
        Run list = run(List.of("curl", "-sS", "-k", "--user", user, "imaps://127.0.0.1:"
                + server.port(ImapListener.IMAPS) + "/"));
        assertThat(list.exit()).as(list.output()).isZero();
        assertThat(list.output()).contains("* LIST (\\HasNoChildren) \"/\" INBOX",
                "* LIST (\\HasNoChildren \\Sent) \"/\" Sent");
    }
}
