package org.iems.directory.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PasswordSchemesTest {

    /** Hashes from other programs: openssl passwd -6, the SHA-crypt paper, jBCrypt's tests, Python's hashlib. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Hello world! | {SHA512-CRYPT}$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1",
        "Hello world! | {SHA512-CRYPT}$6$rounds=10000$saltstringsaltst$OW1/O6BYHV6BcXZu8QVeXbDWra3Oeqh0sbHbbMCVNSnCM/UrjmM0Dp8vOuZeHBy/YTBmSK6H9qs/y3RnOaw5v.",
        "abc | {BLF-CRYPT}$2a$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i",
        "Secret-123 | {SSHA512}45WyMtuY6QuB6ign/1N0YvSUv+w1BTSdAvWjrkxW8RnT2o2voOXV/frGehcZHCiItQccts7h2TK58S7QRdMSKQECAwQFBgcI",
    })
    void verifiesHashesOtherServersWrite(String password, String hash) {
        String stored = PasswordSchemes.storedFormOf(hash).orElseThrow();
        assertThat(stored).isEqualTo(hash);
        assertThat(PasswordSchemes.legacy(stored)).isTrue();
        assertThat(PasswordSchemes.verifyLegacy(password.toCharArray(), stored)).isTrue();
        assertThat(PasswordSchemes.verifyLegacy((password + "x").toCharArray(), stored)).isFalse();
        assertThat(PasswordSchemes.verifyLegacy("".toCharArray(), stored)).isFalse();
    }

    @Test
    void storesArgon2idAsIemsWritesIt() {
        String phc = new PasswordHasher(64, 1, 1).hash("pw");
        String stored = PasswordSchemes.storedFormOf("{ARGON2ID}" + phc).orElseThrow();
        assertThat(stored).isEqualTo(phc);
        assertThat(PasswordSchemes.legacy(stored)).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{MD5-CRYPT}$1$abc$def | unsupported password scheme {MD5-CRYPT} (supported: {ARGON2ID}, {BLF-CRYPT}, {SHA512-CRYPT}, {SSHA512})",
        "{SHA512-CRYPT}$6$salt$tooshort | malformed {SHA512-CRYPT} hash",
        "{SHA512-CRYPT}Hello | malformed {SHA512-CRYPT} hash",
        "{BLF-CRYPT}$2a$06$short | malformed {BLF-CRYPT} hash",
        "{SSHA512}not base64! | malformed {SSHA512} hash",
        "{SSHA512}AAAA | malformed {SSHA512} hash",
        "{ARGON2ID}$argon2id$v=19$m=x | malformed {ARGON2ID} hash",
    })
    void refusesUnsupportedSchemesAndMalformedHashes(String given, String message) {
        assertThatThrownBy(() -> PasswordSchemes.storedFormOf(given)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource({"Secret-123", "{not a scheme", "{}empty", "a{SHA512-CRYPT}b", "{two words}x"})
    void takesAnythingElseAsClearText(String password) {
        assertThat(PasswordSchemes.storedFormOf(password)).isEmpty();
    }
}
