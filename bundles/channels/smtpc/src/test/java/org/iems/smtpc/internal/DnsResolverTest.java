package org.iems.smtpc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.iems.testsupport.Ports;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Resolution against a real DNS server (dnsmasq) serving MX, A, AAAA and null MX records. */
class DnsResolverTest {

    private static Dnsmasq dns;
    private static DnsResolver resolver;

    @BeforeAll
    static void start() throws Exception {
        dns = Dnsmasq.start("--mx-host=mx.test,primary.mx.test,10", "--mx-host=mx.test,backup.mx.test,20",
                "--mx-host=mx.test,third.mx.test,30", "--host-record=primary.mx.test,127.0.0.2",
                "--host-record=backup.mx.test,127.0.0.3,::1", "--host-record=third.mx.test,127.0.0.4",
                "--host-record=implicit.test,127.0.0.5", "--dns-rr=nullmx.test,15,000000",
                "--mx-host=noaddress.test,gone.noaddress.test,10", "--host-record=relay.test,127.0.0.6");
        resolver = new DnsResolver(List.of(dns.server()), Duration.ofSeconds(2));
    }

    @AfterAll
    static void stop() {
        dns.close();
    }

    private static Target mx(String domain) {
        return new Target(domain, 25, true, Optional.empty());
    }

    @Test
    void mxHostsComeByPreferenceEachWithItsAddressesIpv4First() {
        Resolution r = resolver.resolve(mx("mx.test"));
        assertThat(r).isInstanceOf(Resolution.Hosts.class);
        assertThat(((Resolution.Hosts) r).hosts()).extracting(HostAddress::toString).containsExactly(
                "primary.mx.test[127.0.0.2]:25", "backup.mx.test[127.0.0.3]:25", "backup.mx.test[0:0:0:0:0:0:0:1]:25",
                "third.mx.test[127.0.0.4]:25");
    }

    @Test
    void aDomainWithoutMxIsItsOwnMailHost() {
        Resolution r = resolver.resolve(new Target("implicit.test", 2525, true, Optional.empty()));
        assertThat(((Resolution.Hosts) r).hosts()).extracting(HostAddress::toString)
                .containsExactly("implicit.test[127.0.0.5]:2525");
    }

    @Test
    void aNullMxMakesTheDomainUndeliverable() {
        assertThat(resolver.resolve(mx("nullmx.test"))).isEqualTo(new Resolution.Undeliverable("5.1.10",
                "the domain nullmx.test accepts no mail (null MX, RFC 7505)"));
    }

    @Test
    void aDomainThatDoesNotExistIsUndeliverable() {
        assertThat(resolver.resolve(mx("nothere.test"))).isEqualTo(new Resolution.Undeliverable("5.1.2",
                "Host or domain name not found: nothere.test (MX: no such domain)"));
    }

    @Test
    void anMxHostWithoutAddressesLeavesTheMailWaiting() {
        assertThat(resolver.resolve(mx("noaddress.test"))).isEqualTo(new Resolution.Unavailable(
                "4.4.3 no address for gone.noaddress.test"));
    }

    @Test
    void aBracketedHostIsUsedWithoutMxLookup() {
        Resolution r = resolver.resolve(new Target("relay.test", 587, false, Optional.empty()));
        assertThat(((Resolution.Hosts) r).hosts()).extracting(HostAddress::toString)
                .containsExactly("relay.test[127.0.0.6]:587");
        Resolution literal = resolver.resolve(new Target("192.0.2.7", 25, false, Optional.empty()));
        assertThat(((Resolution.Hosts) literal).hosts()).extracting(HostAddress::toString)
                .containsExactly("192.0.2.7[192.0.2.7]:25");
    }

    @Test
    void anUnreachableNameServerLeavesTheMailWaiting() throws Exception {
        DnsResolver silent = new DnsResolver(List.of("127.0.0.1:" + Ports.free()), Duration.ofMillis(500));
        Resolution r = silent.resolve(mx("mx.test"));
        assertThat(r).isInstanceOf(Resolution.Unavailable.class);
        assertThat(((Resolution.Unavailable) r).reason()).startsWith("4.4.3 DNS lookup of MX for mx.test failed");
    }
}
