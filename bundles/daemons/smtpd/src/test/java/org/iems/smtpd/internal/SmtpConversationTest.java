package org.iems.smtpd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.iems.api.queue.BodyType;
import org.iems.api.queue.DsnReturn;
import org.iems.api.queue.QueueEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Byte-exact SMTP conversations over real sockets with the real queue, blob store and directory. */
class SmtpConversationTest {

    private static final String MESSAGE = "From: a@remote.example\r\nSubject: hi\r\n\r\nhello\r\n..dot-stuffed\r\n";

    @TempDir
    Path dir;

    private SmtpServer server;

    private SmtpServer start(Map<String, Object> config) throws Exception {
        server = new SmtpServer(dir, config);
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private SmtpClient mx() throws Exception {
        SmtpClient client = new SmtpClient(server.port(SmtpListener.MX));
        assertThat(client.reply()).isEqualTo("220 mx.ima.com ESMTP IEMS");
        return client;
    }

    /** EHLO, a sender, bart@ima.com as the recipient, and DATA: the text is next. */
    private static void startData(SmtpClient c) throws Exception {
        c.send("EHLO client.example");
        c.send("MAIL FROM:<a@remote.example>");
        c.send("RCPT TO:<bart@ima.com>");
        assertThat(c.send("DATA")).startsWith("354");
    }

    private static String queueId(String reply) {
        assertThat(reply).startsWith("250 2.0.0 OK queued as ");
        return reply.substring("250 2.0.0 OK queued as ".length());
    }

    @Test
    void storesTheReceivedHeaderAndTheExactBytesBeforeSaying250() throws Exception {
        start(Map.of());
        try (SmtpClient c = mx()) {
            assertThat(c.send("EHLO client.example")).contains("250-PIPELINING", "250-SIZE 52428800", "250-STARTTLS",
                    "250-SMTPUTF8", "250-DSN", "250-CHUNKING", "250 ETRN").doesNotContain("AUTH");
            assertThat(c.send("MAIL FROM:<a@remote.example> BODY=8BITMIME RET=HDRS ENVID=QQ314")).isEqualTo("250 2.1.0 Sender OK");
            assertThat(c.send("RCPT TO:<bart@ima.com> NOTIFY=FAILURE,DELAY ORCPT=rfc822;bart@ima.com"))
                    .isEqualTo("250 2.1.5 Recipient OK");
            assertThat(c.send("DATA")).startsWith("354");
            String id = queueId(c.send(MESSAGE + "."));
            List<QueueEntry> queued = server.queued();
            assertThat(queued).extracting(QueueEntry::queueId).containsExactly(id);
            String stored = new String(server.body(queued.get(0)), StandardCharsets.UTF_8);
            assertThat(stored).startsWith("Received: from client.example ([127.0.0.1])\r\n\tby mx.ima.com (IEMS) with ESMTP id "
                    + id + "\r\n\tfor <bart@ima.com>; ");
            assertThat(stored.substring(stored.indexOf("\r\n", stored.indexOf("for <bart@ima.com>")) + 2))
                    .isEqualTo(MESSAGE.replace("..dot", ".dot"));
            assertThat(queued.get(0).envelope().recipients().get(0).notifyOn()).as("no delay notices for strangers")
                    .containsExactly(org.iems.api.queue.DsnNotify.FAILURE);
            assertThat(queued.get(0).envelope().ret()).contains(DsnReturn.HEADERS);
            assertThat(queued.get(0).envelope().envelopeId()).contains("QQ314");
            assertThat(queued.get(0).envelope().body()).isEqualTo(BodyType.EIGHT_BIT_MIME);
            assertThat(c.send("QUIT")).startsWith("221");
        }
    }

    @Test
    void answersPipelinedCommandsInOrder() throws Exception {
        start(Map.of());
        try (SmtpClient c = mx()) {
            c.send("EHLO client.example");
            c.write("MAIL FROM:<a@remote.example>\r\nRCPT TO:<bart@ima.com>\r\nRCPT TO:<nobody@ima.com>\r\n"
                    + "RCPT TO:<bart@jade.net>\r\nDATA\r\n");
            assertThat(c.reply()).startsWith("250 2.1.0");
            assertThat(c.reply()).startsWith("250 2.1.5");
            assertThat(c.reply()).startsWith("550 5.1.1 <nobody@ima.com>");
            assertThat(c.reply()).startsWith("250 2.1.5");
            assertThat(c.reply()).startsWith("354");
            queueId(c.send("Subject: x\r\n\r\nbody\r\n."));
            assertThat(server.queued().get(0).envelope().recipients()).hasSize(2);
        }
    }

    @Test
    void dropsCommandsInjectedAfterStartTls() throws Exception {
        start(Map.of());
        try (SmtpClient c = mx()) {
            c.send("EHLO client.example");
            c.write("STARTTLS\r\nMAIL FROM:<evil@remote.example>\r\n");
            assertThat(c.reply()).isEqualTo("220 2.0.0 Ready to start TLS");
            c.startTls();
            assertThat(c.send("EHLO client.example")).doesNotContain("STARTTLS");
            assertThat(c.send("MAIL FROM:<a@remote.example>")).as("no MAIL was carried over").startsWith("250");
            c.send("RCPT TO:<bart@ima.com>");
            c.send("DATA");
            String id = queueId(c.send("Subject: x\r\n\r\nbody\r\n."));
            String stored = new String(server.body(server.queued().get(0)), StandardCharsets.UTF_8);
            assertThat(stored).contains("with ESMTPS id " + id, "(using TLSv1.3)");
        }
    }

    @Test
    void aConnectionDroppedDuringDataQueuesNothing() throws Exception {
        start(Map.of());
        try (SmtpClient c = mx()) {
            startData(c);
            c.write("Subject: half\r\n\r\nhalf a message");
        }
        try (SmtpClient c = mx()) {
            assertThat(c.send("NOOP")).startsWith("250");
        }
        assertThat(server.queued()).isEmpty();
    }

    @Test
    void aBareLineFeedNeverEndsACommand() throws Exception {
        start(Map.of());
        try (SmtpClient c = mx()) {
            c.write("EHLO client.example\nMAIL FROM:<a@remote.example>\r\n");
            assertThat(c.reply()).isEqualTo("500 5.5.2 Error: bare LF received (commands end with CRLF, RFC 5321 section"
                    + " 2.3.8)");
            assertThat(c.reply()).as("EHLO never ran").startsWith("503 5.5.1");
            assertThat(c.send("EHLO client.example")).startsWith("250");
        }
    }

    @Test
    void guessingRecipientsSlowsTheGuesserDown() throws Exception {
        start(Map.of());
        try (SmtpClient c = mx()) {
            c.send("EHLO client.example");
            c.send("MAIL FROM:<a@remote.example>");
            for (int i = 0; i < 3; i++) {
                assertThat(c.send("RCPT TO:<guess" + i + "@ima.com>")).startsWith("550 5.1.1");
            }
            long start = System.nanoTime();
            assertThat(c.send("RCPT TO:<guess3@ima.com>")).startsWith("550 5.1.1");
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(java.time.Duration.ofMillis(900));
        }
    }

    @Test
    void theTarpitCanBeTurnedOff() throws Exception {
        start(Map.of("unknown.recipient.tarpit", false));
        try (SmtpClient c = mx()) {
            c.send("EHLO client.example");
            c.send("MAIL FROM:<a@remote.example>");
            long start = System.nanoTime();
            for (int i = 0; i < 6; i++) {
                assertThat(c.send("RCPT TO:<guess" + i + "@ima.com>")).startsWith("550 5.1.1");
            }
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofMillis(900));
        }
    }

    @Test
    void neverEndsDataOnABareLineFeedAndRefusesSmugglingAttempts() throws Exception {
        start(Map.of());
        try (SmtpClient c = mx()) {
            startData(c);
            c.write("Subject: x\r\n\r\nbody\n.\nMAIL FROM:<smuggled@remote.example>\r\nRCPT TO:<bart@ima.com>\r\n");
            assertThat(c.send(".")).startsWith("554 5.6.0 Message refused: bare CR or LF");
            assertThat(c.send("RCPT TO:<bart@ima.com>")).as("no smuggled transaction").startsWith("503");
        }
        assertThat(server.queued()).isEmpty();
    }

    private String sendWithPassThroughHeader(SmtpClient c) throws Exception {
        c.send("EHLO client.example");
        c.send("MAIL FROM:<a@remote.example>");
        c.send("RCPT TO:<bart@ima.com>");
        c.send("DATA");
        queueId(c.send("X-IEMS-Spam-Score: -100\r\nSubject: trust me\r\n\r\nX-IEMS-Spam-Score: in the body\r\n."));
        return new String(server.body(server.queued().get(server.queued().size() - 1)), StandardCharsets.UTF_8);
    }

    @Test
    void passThroughHeadersFromOrdinaryClientsAreRemovedOnArrival() throws Exception {
        start(Map.of());
        try (SmtpClient c = mx()) {
            String stored = sendWithPassThroughHeader(c);
            assertThat(stored).doesNotContain("-100").endsWith("\r\nSubject: trust me\r\n\r\n"
                    + "X-IEMS-Spam-Score: in the body\r\n");
        }
    }

    @Test
    void passThroughHeadersFromPeersAreKept() throws Exception {
        start(Map.of("peer.networks", "127.0.0.0/8"));
        try (SmtpClient c = mx()) {
            assertThat(sendWithPassThroughHeader(c)).contains("\r\nX-IEMS-Spam-Score: -100\r\nSubject: trust me\r\n");
        }
    }

    @Test
    void takesBdatChunksAsTheyAre() throws Exception {
        start(Map.of());
        try (SmtpClient c = mx()) {
            c.send("EHLO client.example");
            c.send("MAIL FROM:<a@remote.example>");
            c.send("RCPT TO:<bart@ima.com>");
            c.write("BDAT 22\r\nSubject: chunked\r\n\r\nbo");
            assertThat(c.reply()).isEqualTo("250 2.0.0 22 octets received");
            c.write("BDAT 10 LAST\r\ndy\r\n.\r\nx\r\n");
            String id = queueId(c.reply());
            String stored = new String(server.body(server.queued().get(0)), StandardCharsets.UTF_8);
            assertThat(stored).contains(" id " + id).endsWith("\r\nSubject: chunked\r\n\r\nbody\r\n.\r\nx\r\n");
            c.write("BDAT 5 LAST\r\nabcde");
            assertThat(c.reply()).as("no MAIL: the chunk is read and refused").startsWith("503 5.5.1");
            assertThat(c.send("NOOP")).startsWith("250");
        }
    }

    @Test
    void refusesOverLongCommandLinesAndClosesAfterTooManyErrors() throws Exception {
        start(Map.of("max.errors", 3));
        try (SmtpClient c = mx()) {
            assertThat(c.send("EHLO " + "x".repeat(5000))).isEqualTo("500 5.5.6 Error: line too long");
            assertThat(c.send("FOO")).startsWith("500 5.5.2");
            assertThat(c.send("MAIL FROM:<a@remote.example>")).startsWith("503");
            assertThat(c.reply()).isEqualTo("421 4.7.0 mx.ima.com Error: too many errors");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void refusesMessagesOverTheSizeLimitAtMailAndAtTheEnd() throws Exception {
        start(Map.of("max.message.size", 100L));
        try (SmtpClient c = mx()) {
            c.send("EHLO client.example");
            assertThat(c.send("MAIL FROM:<a@remote.example> SIZE=101")).startsWith("552 5.3.4");
            c.send("MAIL FROM:<a@remote.example>");
            c.send("RCPT TO:<bart@ima.com>");
            c.send("DATA");
            assertThat(c.send("Subject: big\r\n\r\n" + "x".repeat(200) + "\r\n.")).startsWith("552 5.3.4");
        }
        assertThat(server.queued()).isEmpty();
    }

    @Test
    void refusesMessagesUnderTheMinimumSize() throws Exception {
        start(Map.of("min.inbound.message.size", 50L));
        try (SmtpClient c = mx()) {
            startData(c);
            assertThat(c.send("Subject: x\r\n\r\ntiny\r\n.")).startsWith("554 5.7.1");
        }
        assertThat(server.queued()).isEmpty();
    }

    @Test
    void disconnectsBannedClientsBeforeTheGreeting() throws Exception {
        start(Map.of("banned.networks", "127.0.0.0/8"));
        try (SmtpClient c = new SmtpClient(server.port(SmtpListener.MX))) {
            assertThat(c.reply()).isNull();
        }
    }

    @Test
    void closesIdleSessionsWith421() throws Exception {
        start(Map.of("idle.timeout.seconds", 1));
        try (SmtpClient c = mx()) {
            assertThat(c.reply()).isEqualTo("421 4.4.2 mx.ima.com Error: timeout exceeded");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void submissionNeedsAuthAndLimitsEachUsersFlow() throws Exception {
        start(Map.of("flow.max.messages", 2, "trusted.networks", "127.0.0.0/8"));
        try (SmtpClient c = new SmtpClient(server.port(SmtpListener.SUBMISSION))) {
            c.reply();
            assertThat(c.send("EHLO client.example")).contains("250-AUTH PLAIN LOGIN");
            assertThat(c.send("MAIL FROM:<bart@ima.com>")).isEqualTo("530 5.7.0 Authentication required");
            String plain = Base64.getEncoder().encodeToString("\0bart\0secret".getBytes(StandardCharsets.UTF_8));
            assertThat(c.send("AUTH PLAIN " + plain)).isEqualTo("235 2.7.0 Authentication successful");
            for (int i = 0; i < 2; i++) {
                assertThat(c.send("MAIL FROM:<bart@ima.com>")).startsWith("250");
                assertThat(c.send("RCPT TO:<someone@remote.example>")).as("authenticated users relay").startsWith("250");
                c.send("DATA");
                queueId(c.send("Subject: " + i + "\r\n\r\nbody\r\n."));
            }
            assertThat(c.send("MAIL FROM:<bart@ima.com>")).startsWith("452 4.7.1");
        }
        String stored = new String(server.body(server.queued().get(0)), StandardCharsets.UTF_8);
        assertThat(stored).contains("with ESMTPA id", "(authenticated as bart@ima.com)");
    }

    @Test
    void slowsPasswordGuessingDownButNeverRefusesTheRightPassword() throws Exception {
        start(Map.of("trusted.networks", "127.0.0.0/8"));
        try (SmtpClient c = new SmtpClient(server.port(SmtpListener.SUBMISSION))) {
            c.reply();
            c.send("EHLO client.example");
            for (int i = 0; i < 4; i++) {
                String guess = Base64.getEncoder().encodeToString(("\0bart\0guess" + i).getBytes(StandardCharsets.UTF_8));
                long start = System.nanoTime();
                assertThat(c.send("AUTH PLAIN " + guess)).startsWith("535 5.7.8");
                long millis = (System.nanoTime() - start) / 1_000_000;
                if (i < 3) {
                    assertThat(millis).as("free guess %d", i).isLessThan(900);
                } else {
                    assertThat(millis).as("guess %d, past the free ones", i).isGreaterThanOrEqualTo(900);
                }
            }
        }
        try (SmtpClient c = new SmtpClient(server.port(SmtpListener.SUBMISSION))) {
            c.reply();
            c.send("EHLO client.example");
            String right = Base64.getEncoder().encodeToString("\0bart\0secret".getBytes(StandardCharsets.UTF_8));
            long start = System.nanoTime();
            assertThat(c.send("AUTH PLAIN " + right)).as("the right password, answered late").startsWith("235 2.7.0");
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(1900);
        }
    }
}
