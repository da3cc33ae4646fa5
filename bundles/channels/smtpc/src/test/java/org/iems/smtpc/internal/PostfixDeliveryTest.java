package org.iems.smtpc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.iems.api.queue.BodyType;
import org.iems.api.queue.QueueEntry;
import org.iems.api.queue.RecipientState;
import org.iems.api.queue.RecipientStatus;
import org.iems.testsupport.PostfixInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Postfix as the remote MTA: what IEMS sends arrives intact in its Maildir. */
class PostfixDeliveryTest {

    @TempDir
    Path dir;

    private PostfixInstance postfix;
    private OutboundHarness harness;

    @BeforeEach
    void start() throws Exception {
        postfix = PostfixInstance.start(dir.resolve("postfix"));
        harness = new OutboundHarness(dir, Map.of("transport.map", "remote.test=[127.0.0.1]:" + postfix.port));
    }

    @AfterEach
    void stop() throws Exception {
        if (harness != null) {
            harness.close();
        }
        if (postfix != null) {
            postfix.close();
        }
    }

    /** The message as Postfix stores it: its own trace headers on top, LF line ends. */
    private static String asStored(String sent) {
        return sent.replace("\r\n", "\n");
    }

    @Test
    void messagesArriveByteForByteAndOneRefusedRecipientBouncesAlone() throws Exception {
        String plain = "From: a@iems.test\r\nTo: b@remote.test\r\nSubject: to postfix\r\nMessage-ID: <p1@iems.test>\r\n"
                + "Date: Mon, 23 Nov 2026 10:00:00 +0000\r\n\r\nline one\r\n.dot line\r\n\r\nlast\r\n";
        String eightBit = "From: a@iems.test\r\nDate: Mon, 23 Nov 2026 10:00:00 +0000\r\nMessage-ID: <p2@iems.test>\r\n"
                + "Subject: =?utf-8?q?caf=C3=A9?=\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\npreamble\r\n--b1\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nUn caf\u00e9\r\n"
                + "--b1\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + "AAECAwQF\r\n--b1--\r\n";
        QueueEntry first = harness.send(plain, BodyType.SEVEN_BIT, Map.of(), "b@remote.test", "refused@remote.test");
        QueueEntry second = harness.send(eightBit, BodyType.EIGHT_BIT_MIME, Map.of(), "c@remote.test");
        RecipientStatus refused = harness.await(first, "refused@remote.test", r -> r.state() == RecipientState.BOUNCED)
                .orElseThrow();
        assertThat(refused.lastResult().get()).startsWith("5.1.1 relay=127.0.0.1[127.0.0.1]:" + postfix.port
                + ", 550 5.1.1 ");
        harness.awaitGone(second);
        List<String> delivered = postfix.awaitDelivered(2);
        String plainStored = delivered.stream().filter(m -> m.contains("to postfix")).findFirst().orElseThrow();
        String eightBitStored = delivered.stream().filter(m -> m.contains("caf")).findFirst().orElseThrow();
        assertThat(plainStored).endsWith(asStored(plain)).contains("Delivered-To: b@remote.test");
        assertThat(eightBitStored).endsWith(asStored(eightBit));
    }
}
