package org.iems.net.testkit;

import java.nio.file.Path;
import java.util.Map;
import org.iems.api.net.NetworkService;
import org.iems.net.internal.NetComponent;
import org.iems.net.internal.NetConfiguration;
import org.iems.testsupport.Configs;

/**
 * The real network service with a certificate it generates on first use, for other bundles'
 * tests (published in this module's test jar). Those tests meet it through the api only.
 */
public final class TestNetwork implements AutoCloseable {

    private final NetComponent net;

    private TestNetwork(NetComponent net) {
        this.net = net;
    }

    /**
     * The network service with its keystore in a folder.
     *
     * @param folder where the keystore is made
     * @param certificateName the host name the certificate is for
     * @return the network service, to be closed
     */
    public static TestNetwork withCertificate(Path folder, String certificateName) {
        Map<String, Object> config = Map.of("tls.keystore", folder.resolve("tls.p12").toString(),
                "tls.certificate.name", certificateName);
        return new TestNetwork(new NetComponent(Configs.of(NetConfiguration.class, config), config));
    }

    /** The service, as the daemons meet it. */
    public NetworkService service() {
        return net;
    }

    @Override
    public void close() {
        net.deactivate();
    }
}
