package org.iems.smtpd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.iems.api.queue.QueueEntry;
import org.iems.testsupport.PostfixInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Postfix (Debian's package, a private instance) relaying into IEMS: the message arrives intact. */
class PostfixRelayTest {

    @TempDir
    Path dir;

    private SmtpServer server;
    private PostfixInstance postfix;

    @AfterEach
    void stop() throws Exception {
        if (postfix != null) {
            postfix.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aMessageRelayedByPostfixIsQueuedByteForByte() throws Exception {
        server = new SmtpServer(dir, Map.of());
        postfix = PostfixInstance.start(dir.resolve("postfix"), "relayhost = [127.0.0.1]:" + server.port(SmtpListener.MX),
                "smtp_tls_security_level = none");
        String message = "From: a@remote.test\r\nTo: bart@ima.com\r\nSubject: via postfix\r\n"
                + "Date: Mon, 23 Nov 2026 10:00:00 +0000\r\nMessage-ID: <r1@remote.test>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                + "Un caf\u00e9\r\n.a dot line\r\n\r\nlast\r\n";
        try (SmtpClient c = new SmtpClient(postfix.port)) {
            assertThat(c.reply()).startsWith("220 mx.remote.test");
            c.send("EHLO client.remote.test");
            assertThat(c.send("MAIL FROM:<a@remote.test> BODY=8BITMIME")).startsWith("250");
            assertThat(c.send("RCPT TO:<bart@ima.com>")).startsWith("250");
            assertThat(c.send("DATA")).startsWith("354");
            assertThat(c.send(message.replace("\r\n.", "\r\n..") + ".")).startsWith("250");
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        List<QueueEntry> queued = server.queued();
        while (queued.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            queued = server.queued();
        }
        assertThat(queued).as("relayed by Postfix").hasSize(1);
        String stored = new String(server.body(queued.get(0)), StandardCharsets.UTF_8);
        assertThat(stored).startsWith("Received: from mx.remote.test (").contains("by mx.remote.test (Postfix)")
                .endsWith(message);
        assertThat(queued.get(0).envelope().sender().orElseThrow()).hasToString("a@remote.test");
    }
}
