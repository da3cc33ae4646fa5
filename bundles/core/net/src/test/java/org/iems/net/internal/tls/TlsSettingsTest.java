package org.iems.net.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsSettingsTest {

    @TempDir
    Path etc;

    private static String[] supported() throws Exception {
        return SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites();
    }

    @Test
    void theDefaultIsTheIntermediateProfileAndEverySuiteIsForwardSecretAead() throws Exception {
        String[] suites = TlsSettings.cipherSuites(TlsSettings.INTERMEDIATE, supported());
        assertThat(suites).contains("TLS_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
                "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256").hasSize(12);
        assertThat(suites).allMatch(s -> s.startsWith("TLS_AES_") || s.startsWith("TLS_CHACHA20_")
                || s.startsWith("TLS_ECDHE_") || s.startsWith("TLS_DHE_"));
    }

    @Test
    void noSuitesConfiguredMeansTheIntermediateProfile() throws Exception {
        assertThat(TlsSettings.cipherSuites(List.of(), supported()))
                .containsExactly(TlsSettings.cipherSuites(TlsSettings.INTERMEDIATE, supported()));
    }

    @Test
    void suitesWithoutForwardSecrecyOrAeadAreLeftOut() throws Exception {
        assertThat(TlsSettings.cipherSuites(List.of("TLS_RSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
                "TLS_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"), supported()))
                .containsExactly("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    }

    @Test
    void aListWithNothingUsableFallsBackToTheIntermediateProfile() throws Exception {
        assertThat(TlsSettings.cipherSuites(List.of("TLS_RSA_WITH_AES_128_CBC_SHA", "NO_SUCH_SUITE"), supported()))
                .containsExactly(TlsSettings.cipherSuites(TlsSettings.INTERMEDIATE, supported()));
    }

    @Test
    void anEmptyPasswordIsGeneratedOncePerInstallationAndReadableByTheOwnerOnly() throws Exception {
        Path keystore = etc.resolve("iems-tls.p12");
        char[] first = TlsSettings.password(keystore, "");
        assertThat(new String(first)).hasSize(32);
        Path file = TlsSettings.passwordFile(keystore);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        TlsSettings.load(keystore, first, "mail.example.test", List.of("TLSv1.3"), List.of());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keystore))).isEqualTo("rw-------");
        assertThat(TlsSettings.password(keystore, "")).isEqualTo(first);
        assertThat(TlsSettings.password(keystore, "configured")).isEqualTo("configured".toCharArray());
        assertThat(TlsSettings.password(etc.resolve("other.p12"), "")).isNotEqualTo(first);
    }

    @Test
    void aKeystoreWithoutItsPasswordIsAClearError() throws Exception {
        Path keystore = etc.resolve("own.p12");
        Files.write(keystore, new byte[] {1});
        assertThatThrownBy(() -> TlsSettings.password(keystore, "")).isInstanceOf(IOException.class)
                .hasMessageContaining("set tls.keystore.password");
    }
}
