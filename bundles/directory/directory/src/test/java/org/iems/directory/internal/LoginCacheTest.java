package org.iems.directory.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.iems.api.mail.MailAddress;
import org.iems.testsupport.SettableClock;
import org.junit.jupiter.api.Test;

class LoginCacheTest {

    private static final MailAddress BART = MailAddress.parse("bart@ima.com");
    private static final String HASH = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA";

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final AtomicReference<Duration> ttl = new AtomicReference<>(Duration.ofMinutes(5));
    private final LoginCache cache = new LoginCache(ttl::get, clock);

    @Test
    void remembersTheSamePasswordAgainstTheSameHashForTheTimeToLive() {
        assertThat(cache.verifiedRecently(BART, HASH, "secret".toCharArray())).isFalse();
        cache.verified(BART, HASH, "secret".toCharArray());
        assertThat(cache.verifiedRecently(BART, HASH, "secret".toCharArray())).isTrue();
        assertThat(cache.verifiedRecently(BART, HASH, "Secret".toCharArray())).isFalse();
        assertThat(cache.verifiedRecently(BART, HASH + "x", "secret".toCharArray())).as("password changed").isFalse();
        assertThat(cache.verifiedRecently(MailAddress.parse("lisa@ima.com"), HASH, "secret".toCharArray())).isFalse();
        clock.advance(Duration.ofMinutes(5));
        assertThat(cache.verifiedRecently(BART, HASH, "secret".toCharArray())).isFalse();
    }

    @Test
    void aFailureForgetsTheAccountAndAZeroTimeToLiveKeepsNothing() {
        cache.verified(BART, HASH, "secret".toCharArray());
        cache.failed(BART);
        assertThat(cache.verifiedRecently(BART, HASH, "secret".toCharArray())).isFalse();
        ttl.set(Duration.ZERO);
        cache.verified(BART, HASH, "secret".toCharArray());
        assertThat(cache.verifiedRecently(BART, HASH, "secret".toCharArray())).isFalse();
    }

    @Test
    void theLastLoginIsDueOnceAMinuteAndAtOnceAfterAFailure() {
        assertThat(cache.lastLoginDue(BART)).isTrue();
        assertThat(cache.lastLoginDue(BART)).isFalse();
        clock.advance(Duration.ofSeconds(59));
        assertThat(cache.lastLoginDue(BART)).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(cache.lastLoginDue(BART)).isTrue();
        cache.failed(BART);
        assertThat(cache.lastLoginDue(BART)).as("the failure count must be reset").isTrue();
    }
}
