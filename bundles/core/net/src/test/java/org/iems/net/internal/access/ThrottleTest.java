package org.iems.net.internal.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import org.iems.testsupport.SettableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The login throttle, the tarpit and what they are built of, on a settable clock. */
class ThrottleTest {

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-07T00:00:00Z"));
    private final AddressGroups groups = new AddressGroups(64);

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @ParameterizedTest(name = "{0} offences, {1} free, max {2} s: {3} s")
    @CsvSource({
        "0, 3, 15, 0", "2, 3, 15, 0", "3, 3, 15, 1", "4, 3, 15, 2", "5, 3, 15, 4", "6, 3, 15, 8", "7, 3, 15, 15",
        "500, 3, 15, 15", "9, 0, 0, 0", "0, 0, 10, 1",
    })
    void backoffDoublesPastTheFreeOffencesUpToTheLongest(int offences, int free, int max, int seconds) {
        assertThat(new Backoff(free, Duration.ofSeconds(max)).delay(offences)).isEqualTo(Duration.ofSeconds(seconds));
    }

    @Test
    void countsSlideOutOfTheWindowAndStayBounded() {
        WindowedCounter<String> counter = new WindowedCounter<>(Duration.ofMinutes(5), 2, clock);
        counter.record("a");
        clock.advance(Duration.ofMinutes(3));
        assertThat(counter.record("a")).isEqualTo(2);
        clock.advance(Duration.ofMinutes(2));
        assertThat(counter.count("a")).as("the first left the window").isEqualTo(1);
        for (int i = 0; i < 1000; i++) {
            counter.record("b");
        }
        assertThat(counter.count("b")).isEqualTo(WindowedCounter.CAP);
        counter.record("c");
        assertThat(counter.count("a")).as("the least recently used key is forgotten past 2 keys").isZero();
    }

    @Test
    void aClientsFailuresDelayItsLoginsAndASuccessElsewhereDoesNotClearThem() {
        LoginThrottle throttle = new LoginThrottle(new Backoff(3, Duration.ofSeconds(15)), Duration.ofMinutes(5), groups,
                clock);
        InetAddress guesser = ip("203.0.113.5");
        for (int round = 0; round < 3; round++) {
            throttle.failed(guesser, "lisa@ima.com");
            throttle.succeeded("attacker@ima.com");
        }
        assertThat(throttle.delay(guesser, "maggie@ima.com")).isEqualTo(Duration.ofSeconds(1));
        throttle.failed(guesser, "lisa@ima.com");
        assertThat(throttle.delay(guesser, "attacker@ima.com")).isEqualTo(Duration.ofSeconds(2));
        assertThat(throttle.delay(ip("203.0.113.6"), "maggie@ima.com")).isZero();
        clock.advance(Duration.ofMinutes(6));
        assertThat(throttle.delay(guesser, "lisa@ima.com")).isZero();
    }

    @Test
    void anAccountsFailuresFromManyAddressesDelayItsLoginsFromAnyAddress() {
        LoginThrottle throttle = new LoginThrottle(new Backoff(3, Duration.ofSeconds(15)), Duration.ofMinutes(5), groups,
                clock);
        for (int i = 1; i <= 4; i++) {
            throttle.failed(ip("198.51.100." + i), " Bart@IMA.com");
        }
        assertThat(throttle.delay(ip("192.0.2.1"), "bart@ima.com")).isEqualTo(Duration.ofSeconds(2));
        throttle.succeeded("bart@ima.com");
        assertThat(throttle.delay(ip("192.0.2.1"), "bart@ima.com")).as("the account's own success clears it").isZero();
        assertThat(throttle.delay(ip("198.51.100.1"), "lisa@ima.com")).as("one failure from there").isZero();
    }

    @Test
    void oneIpv6PrefixIsOneClientForTheThrottle() {
        LoginThrottle throttle = new LoginThrottle(new Backoff(3, Duration.ofSeconds(15)), Duration.ofMinutes(5), groups,
                clock);
        for (int i = 1; i <= 3; i++) {
            throttle.failed(ip("2001:db8:5::" + i), "user" + i);
        }
        assertThat(throttle.delay(ip("2001:db8:5::99"), "someone")).isEqualTo(Duration.ofSeconds(1));
        assertThat(throttle.delay(ip("2001:db8:6::1"), "someone")).isZero();
    }

    @Test
    void tarpitCountsPerConnectionAndPerClientAcrossConnections() {
        Tarpit tarpit = new Tarpit(3, 10, Duration.ofSeconds(10), Duration.ofMinutes(10), groups, clock);
        InetAddress harvester = ip("203.0.113.9");
        assertThat(tarpit.offence(harvester, 0)).isZero();
        assertThat(tarpit.offence(harvester, 1)).isZero();
        assertThat(tarpit.offence(harvester, 2)).isZero();
        assertThat(tarpit.offence(harvester, 3)).as("the connection's fourth").isEqualTo(Duration.ofSeconds(1));
        for (int connection = 0; connection < 3; connection++) {
            tarpit.offence(harvester, 0);
            tarpit.offence(harvester, 1);
        }
        assertThat(tarpit.offence(harvester, 0)).as("the client's 11th, on a fresh connection")
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(tarpit.offence(harvester, 1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(tarpit.offence(ip("203.0.113.10"), 0)).isZero();
        clock.advance(Duration.ofMinutes(11));
        assertThat(tarpit.offence(harvester, 0)).isZero();
    }

    @Test
    void aTarpitWithNoLongestDelayIsOff() {
        Tarpit tarpit = new Tarpit(0, 0, Duration.ZERO, Duration.ofMinutes(10), groups, clock);
        assertThat(tarpit.offence(ip("203.0.113.9"), 100)).isZero();
    }
}
