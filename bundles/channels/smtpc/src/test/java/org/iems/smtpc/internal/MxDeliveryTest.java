package org.iems.smtpc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.iems.api.mail.DomainName;
import org.iems.api.queue.BodyType;
import org.iems.api.queue.QueueEntry;
import org.iems.api.queue.RecipientState;
import org.iems.api.queue.RecipientStatus;
import org.iems.api.route.RemoteRoute;
import org.iems.testsupport.Configs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delivery that starts with DNS: MX records from a real DNS server (dnsmasq) lead to the scripted
 * peer; the transport map's unbracketed next hop {@code mx.test:PORT} looks up MX records and
 * connects to each host on the test's port.
 */
class MxDeliveryTest {

    private static final String MESSAGE = "From: a@iems.test\r\nSubject: mx\r\n\r\nbody\r\n";

    @TempDir
    Path dir;

    private Dnsmasq dns;
    private ScriptedPeer peer;
    private OutboundHarness harness;

    @AfterEach
    void tearDown() {
        harness.close();
        peer.close();
        dns.close();
    }

    private void start(String... records) throws Exception {
        peer = ScriptedPeer.start(dir.resolve("peer"));
        dns = Dnsmasq.start(records);
        harness = new OutboundHarness(dir, Map.of("dns.servers", dns.server(), "transport.map",
                "mx.test=mx.test:" + peer.port + ", implicit.test=implicit.test:" + peer.port));
    }

    @Test
    void whenThePreferredMxRefusesTheNextOneGetsTheMail() throws Exception {
        start("--mx-host=mx.test,primary.mx.test,10", "--mx-host=mx.test,backup.mx.test,20",
                "--host-record=primary.mx.test,127.0.0.2", "--host-record=backup.mx.test,127.0.0.1");
        QueueEntry entry = harness.send(MESSAGE, BodyType.SEVEN_BIT, Map.of(), "ok@mx.test");
        harness.awaitGone(entry);
        assertThat(peer.messages()).hasSize(1);
        assertThat(peer.messages().get(0).text()).isEqualTo(MESSAGE);
    }

    @Test
    void whenNoMxAnswersTheMailWaitsAndTheReasonNamesEach() throws Exception {
        start("--mx-host=mx.test,primary.mx.test,10", "--mx-host=mx.test,backup.mx.test,20",
                "--host-record=primary.mx.test,127.0.0.2", "--host-record=backup.mx.test,127.0.0.3");
        QueueEntry entry = harness.send(MESSAGE, BodyType.SEVEN_BIT, Map.of(), "ok@mx.test");
        RecipientStatus deferred = harness.await(entry, "ok@mx.test",
                r -> r.state() == RecipientState.QUEUED && r.lastResult().isPresent()).orElseThrow();
        assertThat(deferred.lastResult().get()).startsWith("4.4.1 primary.mx.test[127.0.0.2]:" + peer.port
                + ": ConnectException").contains("; backup.mx.test[127.0.0.3]:" + peer.port + ": ConnectException");
    }

    @Test
    void aDomainWithoutMxGetsItsMailAtItsOwnAddress() throws Exception {
        start("--host-record=implicit.test,127.0.0.1");
        QueueEntry entry = harness.send(MESSAGE, BodyType.SEVEN_BIT, Map.of(), "ok@implicit.test");
        harness.awaitGone(entry);
        assertThat(peer.messages()).hasSize(1);
    }

    @Test
    void aNullMxBouncesAtOnceWithoutAConnection() throws Exception {
        start("--dns-rr=nullmx.test,15,000000");
        QueueEntry entry = harness.send(MESSAGE, BodyType.SEVEN_BIT, Map.of(), "ok@nullmx.test");
        RecipientStatus bounced = harness.await(entry, "ok@nullmx.test", r -> r.state() == RecipientState.BOUNCED)
                .orElseThrow();
        assertThat(bounced.lastResult().get()).isEqualTo("5.1.10 the domain nullmx.test accepts no mail (null MX,"
                + " RFC 7505)");
        assertThat(bounced.attempts()).isEqualTo(1);
        assertThat(peer.connections()).isZero();
    }

    @Test
    void aDomainThatDoesNotExistBounces() throws Exception {
        start();
        QueueEntry entry = harness.send(MESSAGE, BodyType.SEVEN_BIT, Map.of(), "ok@nothere.test");
        RecipientStatus bounced = harness.await(entry, "ok@nothere.test", r -> r.state() == RecipientState.BOUNCED)
                .orElseThrow();
        assertThat(bounced.lastResult().get()).startsWith("5.1.2 Host or domain name not found: nothere.test");
    }

    @Test
    void theRoutingServiceSaysWhereADomainsMailWouldGo() throws Exception {
        start("--mx-host=mx.test,primary.mx.test,10", "--host-record=primary.mx.test,127.0.0.2",
                "--dns-rr=nullmx.test,15,000000");
        SmtpcComponent component = new SmtpcComponent(harness.queue.channels(), harness.blobs, Configs.of(SmtpcConfiguration.class,
                Map.of("dns.servers", dns.server(), "transport.map", "mx.test=mx.test:" + peer.port,
                        "tls.mandatory.domains", "mx.test", "peer.domains", "nullmx.test")), Map.of("dns.servers", dns.server(), "transport.map", "mx.test=mx.test:" + peer.port,
                        "tls.mandatory.domains", "mx.test", "peer.domains", "nullmx.test"));
        try {
            RemoteRoute mx = component.route(DomainName.parse("mx.test"));
            assertThat(mx).isEqualTo(new RemoteRoute(RemoteRoute.Source.TRANSPORT_MAP, "mx.test:" + peer.port, true, false,
                    List.of("primary.mx.test[127.0.0.2]:" + peer.port), Optional.empty()));
            RemoteRoute nullMx = component.route(DomainName.parse("nullmx.test"));
            assertThat(nullMx.source()).isEqualTo(RemoteRoute.Source.MX);
            assertThat(nullMx.peer()).isTrue();
            assertThat(nullMx.addresses()).isEmpty();
            assertThat(nullMx.problem()).hasValue("5.1.10 the domain nullmx.test accepts no mail (null MX, RFC 7505)");
        } finally {
            component.deactivate();
        }
    }
}
