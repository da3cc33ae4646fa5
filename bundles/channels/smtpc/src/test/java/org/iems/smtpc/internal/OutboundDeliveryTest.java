package org.iems.smtpc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.iems.api.queue.BodyType;
import org.iems.api.queue.DsnNotify;
import org.iems.api.queue.QueueEntry;
import org.iems.api.queue.RecipientState;
import org.iems.api.queue.RecipientStatus;
import org.iems.testsupport.Processes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The channel delivering to a scriptable real SMTP server (aiosmtpd) through the real queue: what
 * arrives, byte for byte, and what the queue records for each failure the server can make.
 */
class OutboundDeliveryTest {

    private static final String MESSAGE = "Received: from client.example by iems.test; Mon, 23 Nov 2026 10:00:00 +0000\r\n"
            + "From: a@iems.test\r\nTo: ok@test.example\r\nSubject: outbound\r\nX-IEMS-Spam-Score: 9.9\r\n"
            + "Message-ID: <m1@iems.test>\r\n\r\nFirst line\r\n.a line that starts with a dot\r\n..two dots\r\n"
            + "last line\r\n";
    /** What a non-peer receives: the message without its pass-through header. */
    private static final String STRIPPED = MESSAGE.replace("X-IEMS-Spam-Score: 9.9\r\n", "");

    @TempDir
    Path dir;

    @TempDir
    static Path tlsDir;

    private static Path cert;
    private static Path key;
    private ScriptedPeer peer;
    private OutboundHarness harness;

    @BeforeAll
    static void certificate() throws Exception {
        cert = tlsDir.resolve("cert.pem");
        key = tlsDir.resolve("key.pem");
        assertThat(Processes.run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj",
                "/CN=localhost", "-days", "1", "-keyout", key.toString(), "-out", cert.toString()), Map.of(),
                Duration.ofMinutes(1)).exit()).isZero();
    }

    @AfterEach
    void tearDown() {
        if (harness != null) {
            harness.close();
        }
        if (peer != null) {
            peer.close();
        }
    }

    private void start(Map<String, Object> config, String... peerOptions) throws Exception {
        peer = ScriptedPeer.start(dir.resolve("peer"), peerOptions);
        HashMap<String, Object> all = new HashMap<>(Map.of("transport.map",
                "test.example=[127.0.0.1]:" + peer.port));
        all.putAll(config);
        harness = new OutboundHarness(dir, all);
    }

    private String relay() {
        return "relay=127.0.0.1[127.0.0.1]:" + peer.port;
    }

    @Test
    void deliversTheMessageIntactAndSendsSeveralOverOneConnection() throws Exception {
        start(Map.of("destination.concurrency", 1), "--pipelining");
        QueueEntry first = harness.send(MESSAGE, BodyType.SEVEN_BIT, Map.of(), "ok1@test.example");
        QueueEntry second = harness.send(MESSAGE, BodyType.SEVEN_BIT, Map.of(), "ok2@test.example");
        QueueEntry third = harness.send(MESSAGE, BodyType.SEVEN_BIT, Map.of(), "ok3@test.example");
        harness.awaitGone(first);
        harness.awaitGone(second);
        harness.awaitGone(third);
        List<ScriptedPeer.Received> received = peer.messages();
        assertThat(received).hasSize(3);
        assertThat(received).allSatisfy(r -> assertThat(r.text()).isEqualTo(STRIPPED));
        assertThat(received.get(0).envelope()).contains("\"from\": \"a@iems.test\"", "\"to\": [\"ok1@test.example\"]");
        assertThat(peer.connections()).as("one connection carried all three").isEqualTo(1);
        Thread.sleep(1500);
        assertThat(harness.virtualQueues()).as("an emptied virtual queue is dropped").isEmpty();
    }

    @Test
    void aPeerDomainReceivesThePassThroughTags() throws Exception {
        start(Map.of("peer.domains", "test.example"));
        QueueEntry entry = harness.send(MESSAGE, BodyType.SEVEN_BIT, Map.of("X-IEMS-Spam-Score", "7.5"), "ok@test.example");
        harness.awaitGone(entry);
        String text = peer.messages().get(0).text();
        assertThat(text).startsWith("X-IEMS-Spam-Score: 7.5\r\nReceived: from client.example");
        assertThat(text).doesNotContain("9.9");
        assertThat(text).endsWith(STRIPPED.substring(STRIPPED.indexOf("From:")));
    }

    @Test
    void aRecipientRefusedForNowIsRetriedAndThenDelivered() throws Exception {
        start(Map.of());
        QueueEntry entry = harness.send(MESSAGE, BodyType.SEVEN_BIT, Map.of(), "temp1@test.example");
        RecipientStatus deferred = harness.await(entry, "temp1@test.example",
                r -> r.state() == RecipientState.QUEUED && r.lastResult().isPresent()).orElseThrow();
        assertThat(deferred.lastResult().get()).startsWith("4.3.0 " + relay() + ", 451 4.3.0 <temp1@test.example>:"
                + " try again later");
        harness.awaitGone(entry);
        assertThat(peer.messages()).hasSize(1);
    }

    @Test
    void oneRefusedRecipientOfThreeBouncesAloneAndTheOthersGetOneCopy() throws Exception {
        start(Map.of(), "--pipelining");
        QueueEntry entry = harness.send(MESSAGE, BodyType.SEVEN_BIT, Map.of(), "ok1@test.example",
                "reject1@test.example", "ok2@test.example");
        RecipientStatus bounced = harness.await(entry, "reject1@test.example",
                r -> r.state() == RecipientState.BOUNCED).orElseThrow();
        assertThat(bounced.lastResult().get()).isEqualTo("5.1.1 " + relay() + ", 550 5.1.1 <reject1@test.example>:"
                + " Recipient address rejected: no such user");
        assertThat(harness.await(entry, "ok1@test.example", r -> r.state() == RecipientState.DELIVERED).orElseThrow()
                .lastResult().get()).isEqualTo("2.0.0 " + relay() + ", 250 2.0.0 Ok: queued as M1");
        List<ScriptedPeer.Received> received = peer.messages();
        assertThat(received).hasSize(1);
        assertThat(received.get(0).envelope()).contains("\"to\": [\"ok1@test.example\", \"ok2@test.example\"]");
    }

    @Test
    void aServerWithoutDsnLeavesTheSuccessNoticeHereOneWithDsnTakesTheRequestOn() throws Exception {
        start(Map.of());
        QueueEntry relayed = harness.sendNotifying(Set.of(DsnNotify.SUCCESS), MESSAGE, "ok@test.example");
        assertThat(harness.await(relayed, "ok@test.example", r -> r.state() == RecipientState.DELIVERED))
                .as("kept for the \"relayed\" notice").isPresent();
        assertThat(peer.messages().get(0).envelope()).contains("\"rcpt_options\": []");
        peer.close();
        harness.close();

        start(Map.of(), "--dsn");
        QueueEntry passedOn = harness.sendNotifying(Set.of(DsnNotify.SUCCESS), MESSAGE, "ok@test.example");
        harness.awaitGone(passedOn);
        assertThat(peer.messages().get(0).envelope()).contains("\"rcpt_options\": [\"NOTIFY=SUCCESS\"]");
    }

    @Test
    void aDestinationThatLimitsConnectionsGetsItsMailOverTheOnesItTakes() throws Exception {
        peer = ScriptedPeer.start(dir.resolve("peer"), "--max-connections", "2");
        harness = new OutboundHarness(dir, Map.of("transport.map", "test.example=[127.0.0.1]:" + peer.port,
                "destination.concurrency", 4), Duration.ofHours(1));
        List<QueueEntry> entries = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            entries.add(harness.send(MESSAGE.replace("Subject: outbound", "Subject: limited " + i), BodyType.SEVEN_BIT,
                    Map.of(), "slow" + i + "@test.example"));
        }
        for (QueueEntry entry : entries) {
            harness.awaitGone(entry); // a deferral would wait the hour
        }
        assertThat(peer.messages()).hasSize(12);
        assertThat(peer.connections()).as("connections beyond the two were refused, not given up on").isGreaterThan(2);
    }

    @Test
    void connectionsComeFromTheConfiguredSourceAddress() throws Exception {
        start(Map.of("bind.address", "127.0.0.2"));
        harness.awaitGone(harness.send(MESSAGE, BodyType.SEVEN_BIT, Map.of(), "ok@test.example"));
        assertThat(peer.messages().get(0).envelope()).contains("\"client\": \"127.0.0.2\"");
    }

    @Test
    void aConnectionDroppedAfterTheDataIsRetriedAndDeliveredOnce() throws Exception {
        start(Map.of());
        QueueEntry entry = harness.send(MESSAGE, BodyType.SEVEN_BIT, Map.of(), "dropdata@test.example");
        RecipientStatus deferred = harness.await(entry, "dropdata@test.example",
                r -> r.state() == RecipientState.QUEUED && r.lastResult().isPresent()).orElseThrow();
        assertThat(deferred.lastResult().get()).startsWith("4.4.2 " + relay()
                + ", lost connection while waiting for the reply to the end of data");
        harness.awaitGone(entry);
        assertThat(peer.messages()).hasSize(1);
    }

    @Test
    void theDataRefusedForNowIsRetried() throws Exception {
        start(Map.of());
        QueueEntry entry = harness.send(MESSAGE, BodyType.SEVEN_BIT, Map.of(), "datatemp@test.example");
        RecipientStatus deferred = harness.await(entry, "datatemp@test.example",
                r -> r.state() == RecipientState.QUEUED && r.lastResult().isPresent()).orElseThrow();
        assertThat(deferred.lastResult().get()).isEqualTo("4.3.1 " + relay()
                + ", 452 4.3.1 insufficient system storage, try later");
        harness.awaitGone(entry);
        assertThat(peer.messages()).hasSize(1);
    }

    @Test
    void aServerThatNeverGreetsIsGivenUpAfterTheGreetingTimeout() throws Exception {
        start(Map.of("greeting.timeout.seconds", 1), "--silent");
        QueueEntry entry = harness.send(MESSAGE, BodyType.SEVEN_BIT, Map.of(), "ok@test.example");
        RecipientStatus deferred = harness.await(entry, "ok@test.example",
                r -> r.state() == RecipientState.QUEUED && r.lastResult().isPresent()).orElseThrow();
        assertThat(deferred.lastResult().get()).startsWith("4.4.1 127.0.0.1[127.0.0.1]:" + peer.port
                + ": SocketTimeoutException");
    }

    @Test
    void mailForADestinationThatIsThisServerBouncesAsALoop() throws Exception {
        start(Map.of(), "--name", "iems.test");
        QueueEntry entry = harness.send(MESSAGE, BodyType.SEVEN_BIT, Map.of(), "ok@test.example");
        RecipientStatus bounced = harness.await(entry, "ok@test.example", r -> r.state() == RecipientState.BOUNCED)
                .orElseThrow();
        assertThat(bounced.lastResult().get()).isEqualTo("5.4.6 mail for 127.0.0.1 loops back to myself:"
                + " 127.0.0.1[127.0.0.1]:" + peer.port + " greets as iems.test, this server's own name");
        assertThat(peer.messages()).isEmpty();
    }

    @Test
    void aMessageLargerThanTheServerTakesBouncesWithoutBeingSent() throws Exception {
        start(Map.of(), "--size", "100");
        QueueEntry entry = harness.send(MESSAGE, BodyType.SEVEN_BIT, Map.of(), "ok@test.example");
        RecipientStatus bounced = harness.await(entry, "ok@test.example", r -> r.state() == RecipientState.BOUNCED)
                .orElseThrow();
        assertThat(bounced.lastResult().get()).isEqualTo("5.3.4 " + relay() + ", 552 5.3.4 message size "
                + MESSAGE.length() + " exceeds the limit of 100 the server announced");
        assertThat(peer.messages()).isEmpty();
    }

    @Test
    void aDomainThatRequiresTlsWaitsWhenTheServerOffersNone() throws Exception {
        start(Map.of("tls.mandatory.domains", "test.example"));
        QueueEntry entry = harness.send(MESSAGE, BodyType.SEVEN_BIT, Map.of(), "ok@test.example");
        RecipientStatus deferred = harness.await(entry, "ok@test.example",
                r -> r.state() == RecipientState.QUEUED && r.lastResult().isPresent()).orElseThrow();
        assertThat(deferred.lastResult().get()).isEqualTo("4.7.4 127.0.0.1[127.0.0.1]:" + peer.port
                + ": TLS is required for this destination, but the host does not offer STARTTLS");
        assertThat(peer.messages()).isEmpty();
    }

    @Test
    void startTlsIsUsedWhenOfferedAndRequiredDomainsGetTheirMail() throws Exception {
        start(Map.of("tls.mandatory.domains", "test.example"), "--tls", cert.toString(), key.toString());
        QueueEntry entry = harness.send(MESSAGE, BodyType.SEVEN_BIT, Map.of(), "ok@test.example");
        harness.awaitGone(entry);
        assertThat(peer.messages().get(0).envelope()).contains("\"tls\": true");
        assertThat(peer.messages().get(0).text()).isEqualTo(STRIPPED);
    }

    @Test
    void eightBitPartsAreDowngradedForAServerWithout8BitMime() throws Exception {
        start(Map.of(), "--no-8bitmime");
        String message = "From: a@iems.test\r\nSubject: caf\u00e9\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                + "Un caf\u00e9 = deux euros \r\n";
        QueueEntry entry = harness.send(message, BodyType.EIGHT_BIT_MIME, Map.of(), "ok@test.example");
        harness.awaitGone(entry);
        ScriptedPeer.Received received = peer.messages().get(0);
        assertThat(received.envelope()).contains("\"mail_options\": [\"SIZE=");
        assertThat(received.envelope()).doesNotContain("BODY=8BITMIME");
        assertThat(received.text()).isEqualTo("From: a@iems.test\r\nSubject: caf\u00e9\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                + "Un caf=C3=A9 =3D deux euros=20\r\n");
    }

    @Test
    void eightBitMessagesPassUnchangedToAServerWith8BitMime() throws Exception {
        start(Map.of());
        String message = "From: a@iems.test\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n\r\nUn caf\u00e9\r\n";
        QueueEntry entry = harness.send(message, BodyType.EIGHT_BIT_MIME, Map.of(), "ok@test.example");
        harness.awaitGone(entry);
        assertThat(peer.messages().get(0).envelope()).contains("BODY=8BITMIME");
        assertThat(peer.messages().get(0).text()).isEqualTo(message);
    }

    @Test
    void anAddressThatNeedsSmtpUtf8BouncesAtAServerWithoutIt() throws Exception {
        start(Map.of());
        QueueEntry entry = harness.send(MESSAGE, BodyType.EIGHT_BIT_MIME, Map.of(), "j\u00f6rg@test.example");
        RecipientStatus bounced = harness.await(entry, "j\u00f6rg@test.example", r -> r.state() == RecipientState.BOUNCED)
                .orElseThrow();
        assertThat(bounced.lastResult().get()).startsWith("5.6.7 " + relay() + ", 553 5.6.7 the message needs"
                + " SMTPUTF8");
    }

    @Test
    void anAddressThatNeedsSmtpUtf8IsDeliveredToAServerWithIt() throws Exception {
        start(Map.of(), "--smtputf8");
        QueueEntry entry = harness.send(MESSAGE, BodyType.EIGHT_BIT_MIME, Map.of(), "j\u00f6rg@test.example");
        harness.awaitGone(entry);
        assertThat(peer.messages().get(0).envelope()).contains("SMTPUTF8", "j\\u00f6rg@test.example");
    }

    @Test
    void theSmartHostGetsEveryRemoteMessageWithAuthOverTls() throws Exception {
        peer = ScriptedPeer.start(dir.resolve("peer"), "--auth", "relayuser:s3cret", "--tls", cert.toString(),
                key.toString());
        harness = new OutboundHarness(dir, Map.of("smarthost", "[127.0.0.1]:" + peer.port, "smarthost.user",
                "relayuser", "smarthost.password", "s3cret"));
        QueueEntry entry = harness.send(MESSAGE, BodyType.SEVEN_BIT, Map.of(), "ok@anywhere.example",
                "ok@elsewhere.example");
        harness.awaitGone(entry);
        assertThat(peer.messages()).as("one transaction for both domains: they share the route").hasSize(1);
        assertThat(peer.messages().get(0).envelope()).contains("\"tls\": true", "\"auth\": true",
                "\"to\": [\"ok@anywhere.example\", \"ok@elsewhere.example\"]");
    }

    @Test
    void aWrongSmartHostPasswordDefersTheMail() throws Exception {
        peer = ScriptedPeer.start(dir.resolve("peer"), "--auth", "relayuser:s3cret", "--tls", cert.toString(),
                key.toString());
        harness = new OutboundHarness(dir, Map.of("smarthost", "[127.0.0.1]:" + peer.port, "smarthost.user",
                "relayuser", "smarthost.password", "wrong"));
        QueueEntry entry = harness.send(MESSAGE, BodyType.SEVEN_BIT, Map.of(), "ok@anywhere.example");
        RecipientStatus deferred = harness.await(entry, "ok@anywhere.example",
                r -> r.state() == RecipientState.QUEUED && r.lastResult().isPresent()).orElseThrow();
        assertThat(deferred.lastResult().get()).startsWith("4.7.0 127.0.0.1[127.0.0.1]:" + peer.port
                + ": AUTH refused: 535");
        assertThat(peer.messages()).isEmpty();
    }

    @Test
    void theSmartHostPasswordIsNotSentWithoutTls() throws Exception {
        peer = ScriptedPeer.start(dir.resolve("peer"), "--auth", "relayuser:s3cret");
        harness = new OutboundHarness(dir, Map.of("smarthost", "[127.0.0.1]:" + peer.port, "smarthost.user",
                "relayuser", "smarthost.password", "s3cret"));
        QueueEntry entry = harness.send(MESSAGE, BodyType.SEVEN_BIT, Map.of(), "ok@anywhere.example");
        Optional<RecipientStatus> deferred = harness.await(entry, "ok@anywhere.example",
                r -> r.state() == RecipientState.QUEUED && r.lastResult().isPresent());
        assertThat(deferred.orElseThrow().lastResult().get()).contains("4.7.4", "does not offer STARTTLS");
    }
}
