package org.iems.directory.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher(19456, 2, 1);

    @Test
    void hashIsArgon2idPhcStringWithItsParameters() {
        assertThat(hasher.hash("secret")).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
    }

    @Test
    void verifiesTheRightPasswordOnly() {
        String hash = hasher.hash("correct horse");
        assertThat(hasher.verify("correct horse".toCharArray(), hash)).isTrue();
        assertThat(hasher.verify("correct horsE".toCharArray(), hash)).isFalse();
        assertThat(hasher.verify("".toCharArray(), hash)).isFalse();
    }

    @Test
    void saltsEveryHash() {
        assertThat(hasher.hash("same")).isNotEqualTo(hasher.hash("same"));
    }

    @Test
    void hashesWithOtherParametersStillVerify() {
        String old = new PasswordHasher(8192, 3, 2).hash("pw");
        assertThat(hasher.verify("pw".toCharArray(), old)).isTrue();
    }

    @Test
    void knownVectorFromLibargon2Verifies() {
        // from the argon2 command (Debian package argon2): echo -n password | argon2 somesalt -id -t 2 -m 16 -p 4 -l 32 -e
        String reference = "$argon2id$v=19$m=65536,t=2,p=4$c29tZXNhbHQ$GpZ3sK/oH9p7VIiV56G/64Zo/8GaUw434IimaPqxwCo";
        assertThat(hasher.verify("password".toCharArray(), reference)).isTrue();
    }

    @Test
    void malformedStoredHashesNeverVerify() {
        for (String bad : new String[] {null, "", "plain", "$argon2id$v=19$m=x,t=2,p=1$AAAA$BBBB",
                "$argon2id$v=19$m=16,t=2,p=1$c29tZXNhbHQ", "$argon2i$v=19$m=65536,t=2,p=4$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc"}) {
            assertThat(hasher.verify("password".toCharArray(), bad)).as(String.valueOf(bad)).isFalse();
        }
    }

    @Test
    void unknownUserCheckTakesAboutAsLongAsARealOne() {
        // not a timing benchmark: only that verifyNothing really runs the KDF
        String hash = hasher.hash("pw");
        long t0 = System.nanoTime();
        hasher.verify("x".toCharArray(), hash);
        long real = System.nanoTime() - t0;
        t0 = System.nanoTime();
        hasher.verifyNothing("x".toCharArray());
        long dummy = System.nanoTime() - t0;
        assertThat(dummy).isGreaterThan(real / 4);
    }
}
