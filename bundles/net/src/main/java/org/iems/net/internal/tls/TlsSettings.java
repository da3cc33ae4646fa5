package org.iems.net.internal.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's TLS context, loaded from a PKCS#12 keystore (generated self-signed when missing),
 * and the protocol versions offered: TLS 1.2 and 1.3 only, whatever is configured.
 *
 * @param context the context servers' engines are made from
 * @param protocols the enabled protocol versions
 */
public record TlsSettings(SSLContext context, String[] protocols) {

    private static final Logger LOG = LoggerFactory.getLogger(TlsSettings.class);
    private static final Set<String> ALLOWED = Set.of("TLSv1.3", "TLSv1.2");

    /**
     * Loads the keystore, generating it first if the file does not exist.
     *
     * @param keystore the PKCS#12 file
     * @param password its password
     * @param hostName the name for a generated certificate
     * @param protocols configured versions, comma-separated
     */
    public static TlsSettings load(Path keystore, char[] password, String hostName, String protocols)
            throws IOException, GeneralSecurityException {
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
        return new TlsSettings(context, protocols(protocols));
    }

    static String[] protocols(String configured) {
        List<String> chosen = new ArrayList<>();
        for (String p : configured.split("[,\\s]+")) {
            if (ALLOWED.contains(p)) {
                chosen.add(p);
            } else if (!p.isEmpty()) {
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
