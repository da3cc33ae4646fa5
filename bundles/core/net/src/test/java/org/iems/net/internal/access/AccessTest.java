package org.iems.net.internal.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.iems.api.net.AddressRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;


class AccessTest {

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
        "192.0.2.0/24, 192.0.2.1, true",
        "192.0.2.0/24, 192.0.2.255, true",
        "192.0.2.0/24, 192.0.3.0, false",
        "192.0.2.7, 192.0.2.7, true",
        "192.0.2.7, 192.0.2.8, false",
        "10.0.0.0/8, 10.255.1.2, true",
        "0.0.0.0/0, 203.0.113.9, true",
        "0.0.0.0/0, 2001:db8::1, false",
        "192.0.2.0/24, ::ffff:192.0.2.9, true",
        "2001:db8::/32, 2001:db8:ffff::1, true",
        "2001:db8::/32, 2001:db9::1, false",
        "::1, ::1, true",
        "::/0, 2001:db8::1, true",
        "2001:db8::/32, 192.0.2.1, false",
        "fe80::/10, febf::1, true",
        "fe80::/10, fec0::1, false",
    })
    void rangesMatchAddresses(String range, String address, boolean contained) {
        assertThat(AddressRange.parse(range).contains(ip(address))).isEqualTo(contained);
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @ValueSource(strings = {"", "example.org", "192.0.2.0/33", "192.0.2.1/24", "2001:db8::/129", "256.0.0.1",
        "192.0.2", "192.0.2.0/", "192.0.2.0/-1", "::g", "1.2.3.4/2x"})
    void refusesMalformedRangesWithoutAskingDns(String text) {
        assertThatThrownBy(() -> AddressRange.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void denyWinsAndAnEmptyAllowListAllowsTheRest() {
        AccessList open = AccessList.of("allow", "", "deny", "198.51.100.0/24, 2001:db8:bad::/48");
        assertThat(open.permits(ip("192.0.2.1"))).isTrue();
        assertThat(open.permits(ip("198.51.100.20"))).isFalse();
        assertThat(open.permits(ip("2001:db8:bad::7"))).isFalse();

        AccessList closed = AccessList.of("allow", "192.0.2.0/24 127.0.0.1", "deny", "192.0.2.66");
        assertThat(closed.permits(ip("192.0.2.1"))).isTrue();
        assertThat(closed.permits(ip("127.0.0.1"))).isTrue();
        assertThat(closed.permits(ip("192.0.2.66"))).isFalse();
        assertThat(closed.permits(ip("203.0.113.1"))).isFalse();
        assertThat(closed.listedAsAllowed(ip("192.0.2.1"))).isTrue();
        assertThat(open.listedAsAllowed(ip("192.0.2.1"))).isFalse();
    }

    @Test
    void badRangesNameTheProperty() {
        assertThatThrownBy(() -> AccessList.of("smtp.allow", "192.0.2.0/24, oops", "smtp.deny", ""))
                .hasMessage("smtp.allow: 'oops' is not an IP address or network");
    }

    @Test
    void connectionLimitsHoldPerClient() {
        ConnectionLimiter limiter = new ConnectionLimiter(2);
        InetAddress a = ip("192.0.2.1");
        InetAddress b = ip("192.0.2.2");
        Optional<ConnectionLimiter.Permit> a1 = limiter.tryAcquire(a);
        Optional<ConnectionLimiter.Permit> a2 = limiter.tryAcquire(a);
        assertThat(a1).isPresent();
        assertThat(a2).isPresent();
        assertThat(limiter.tryAcquire(a)).as("per client").isEmpty();
        assertThat(limiter.tryAcquire(b)).isPresent();
        a1.get().close();
        a1.get().close(); // a second close frees nothing more
        assertThat(limiter.of(a)).isEqualTo(1);
        assertThat(limiter.tryAcquire(a)).isPresent();
        assertThat(limiter.tryAcquire(a)).isEmpty();
    }

    @ParameterizedTest(name = "/{1}: {0} counts as {2}")
    @CsvSource({
        "192.0.2.7, 64, 192.0.2.7",
        "::ffff:192.0.2.7, 64, 192.0.2.7",
        "2001:db8:1:2:aaaa:bbbb:cccc:dddd, 64, 2001:db8:1:2:0:0:0:0",
        "2001:db8:1:2:aaaa:bbbb:cccc:dddd, 48, 2001:db8:1:0:0:0:0:0",
        "2001:db8:1:2:aaaa:bbbb:cccc:dddd, 128, 2001:db8:1:2:aaaa:bbbb:cccc:dddd",
        "2001:db8:1:2:aaaa:bbbb:cccc:dddd, 60, 2001:db8:1:0:0:0:0:0",
        "2001:db8:1:1f:1:1:1:1, 60, 2001:db8:1:10:0:0:0:0",
    })
    void ipv6ClientsCountByTheirPrefix(String address, int prefix, String group) {
        assertThat(new AddressGroups(prefix).groupOf(ip(address)).getHostAddress()).isEqualTo(group);
    }

    @Test
    void aWholeIpv6PrefixSharesOneConnectionLimit() {
        AddressGroups groups = new AddressGroups(64);
        ConnectionLimiter limiter = new ConnectionLimiter(1);
        assertThat(limiter.tryAcquire(groups.groupOf(ip("2001:db8::1")))).isPresent();
        assertThat(limiter.tryAcquire(groups.groupOf(ip("2001:db8::ffff:2")))).as("same /64").isEmpty();
        assertThat(limiter.tryAcquire(groups.groupOf(ip("2001:db8:0:1::1")))).as("next /64").isPresent();
        assertThat(groups.describe(groups.groupOf(ip("2001:db8::1")))).isEqualTo("2001:db8:0:0:0:0:0:0/64");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 129, -1})
    void refusesImpossiblePrefixes(int prefix) {
        assertThatThrownBy(() -> new AddressGroups(prefix)).hasMessageContaining("ipv6.prefix.length");
    }
}
