package org.iems.net.internal.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.iems.api.storage.PrivateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's TLS context, loaded from a PKCS#12 keystore (generated self-signed when missing),
 * the protocol versions offered (TLS 1.2 and 1.3 only, whatever is configured) and the cipher
 * suites: only forward-secret ones with authenticated encryption, whatever is configured.
 *
 * @param context the context servers' engines are made from
 * @param protocols the enabled protocol versions
 * @param cipherSuites the enabled cipher suites, in the server's order of preference
 */
public record TlsSettings(SSLContext context, String[] protocols, String[] cipherSuites) {

    private static final Logger LOG = LoggerFactory.getLogger(TlsSettings.class);
    private static final Set<String> ALLOWED = Set.of("TLSv1.3", "TLSv1.2");

    /**
     * The Mozilla "intermediate" server profile (version 5.7) in Java's names: the TLS 1.3 suites,
     * then ECDHE and DHE key exchange with AES-GCM or ChaCha20-Poly1305 for TLS 1.2.
     */
    public static final List<String> INTERMEDIATE = List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    /**
     * The keystore's password: the configured one, or else the one generated for this
     * installation, kept beside the keystore in a file only the server's user can read
     * ({@code iems-tls.p12.password}); generated with the keystore when neither exists yet.
     *
     * @param keystore the PKCS#12 file
     * @param configured the configured password; empty for the generated one
     * @return the password
     * @throws IOException if a keystore exists with neither a configured nor a generated password
     */
    public static char[] password(Path keystore, String configured) throws IOException {
        if (!configured.isEmpty()) {
            return configured.toCharArray();
        }
        Path file = passwordFile(keystore);
        if (Files.exists(file)) {
            return PrivateFiles.readSecret(file).toCharArray();
        }
        if (Files.exists(keystore)) {
            throw new IOException(keystore + " exists but tls.keystore.password is empty and " + file.getFileName()
                    + " is missing; set tls.keystore.password");
        }
        String generated = PrivateFiles.randomPassword(32);
        PrivateFiles.write(file, (generated + "\n").getBytes(StandardCharsets.US_ASCII));
        return generated.toCharArray();
    }

    /** Where the generated password of a keystore is kept. */
    public static Path passwordFile(Path keystore) {
        return keystore.resolveSibling(keystore.getFileName() + ".password");
    }

    /**
     * Loads the keystore, generating it first if the file does not exist.
     *
     * @param keystore the PKCS#12 file
     * @param password its password (see {@link #password})
     * @param hostName the name for a generated certificate
     * @param protocols the configured versions
     * @param cipherSuites the configured suites; empty for the {@link #INTERMEDIATE} profile
     */
    public static TlsSettings load(Path keystore, char[] password, String hostName, List<String> protocols,
            List<String> cipherSuites) throws IOException, GeneralSecurityException {
        if (!Files.exists(keystore)) {
            SelfSignedCertificate.generate(keystore, password, hostName);
            LOG.warn("Generated a self-signed TLS certificate for {} in {}; replace it with one signed by a CA", hostName,
                    keystore);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, password);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return new TlsSettings(context, protocols(protocols),
                cipherSuites(cipherSuites, context.getSupportedSSLParameters().getCipherSuites()));
    }

    /**
     * The configured suites this JVM has that are forward secret (TLS 1.3, or ECDHE/DHE key
     * exchange) with AEAD encryption (GCM, ChaCha20-Poly1305); the others are logged and left out.
     */
    static String[] cipherSuites(List<String> configured, String[] supported) {
        if (configured.isEmpty()) {
            return cipherSuites(INTERMEDIATE, supported);
        }
        Set<String> available = Set.of(supported);
        List<String> chosen = new ArrayList<>();
        for (String suite : configured) {
            if (!forwardSecretAead(suite)) {
                LOG.error("tls.cipher.suites: {} is not forward secret with authenticated encryption; ignored", suite);
            } else if (!available.contains(suite)) {
                LOG.error("tls.cipher.suites: {} is not known to this Java; ignored", suite);
            } else {
                chosen.add(suite);
            }
        }
        if (chosen.isEmpty() && !configured.equals(INTERMEDIATE)) {
            LOG.error("tls.cipher.suites names no usable suite; using the Mozilla intermediate profile");
            return cipherSuites(INTERMEDIATE, supported);
        }
        if (chosen.isEmpty()) {
            throw new IllegalStateException("this Java offers none of the Mozilla intermediate cipher suites");
        }
        return chosen.toArray(String[]::new);
    }

    private static boolean forwardSecretAead(String suite) {
        boolean tls13 = suite.startsWith("TLS_AES_") || suite.startsWith("TLS_CHACHA20_");
        boolean ephemeral = suite.startsWith("TLS_ECDHE_") || suite.startsWith("TLS_DHE_");
        boolean aead = suite.contains("_GCM_") || suite.contains("_CHACHA20_POLY1305_");
        return (tls13 || ephemeral) && aead;
    }

    static String[] protocols(List<String> configured) {
        List<String> chosen = new ArrayList<>();
        for (String p : configured) {
            if (ALLOWED.contains(p)) {
                chosen.add(p);
            } else {
                LOG.error("tls.protocols: {} is not allowed (only TLSv1.3 and TLSv1.2); ignored", p);
            }
        }
        if (chosen.isEmpty()) {
            LOG.error("tls.protocols names no allowed version; using TLSv1.3,TLSv1.2");
            chosen.addAll(List.of("TLSv1.3", "TLSv1.2"));
        }
        return chosen.toArray(String[]::new);
    }
}
