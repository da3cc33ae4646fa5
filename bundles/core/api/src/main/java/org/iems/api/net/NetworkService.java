package org.iems.api.net;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Opens listeners for protocol daemons. A listener that cannot bind (port in use, no permission)
 * does not throw: it logs one error naming its property and reports itself unbound, and the
 * daemon's other listeners keep running.
 */
@ProviderType
public interface NetworkService {

    /**
     * Binds a listener.
     *
     * @param spec where and how
     * @param handlers makes one handler per accepted connection
     * @return the listener, bound or not; close it when the daemon stops
     */
    Listener listen(ListenerSpec spec, ConnectionHandlerFactory handlers);

    /**
     * Tells whether TLS is available (a keystore is loaded), so daemons offer STARTTLS only then.
     *
     * @return whether {@link Connection#startTls()} and implicit TLS can work
     */
    boolean tlsAvailable();

    /**
     * The listeners open now, of every daemon, for status reports.
     *
     * @return a snapshot, in the order they were opened
     */
    List<Listener> listeners();

    /**
     * The name a daemon gives itself in greetings and headers: the configured one, or this
     * machine's host name when none is configured (one DNS look-up; call it when the
     * configuration changes, not per connection).
     *
     * @param configured the daemon's configured host name, possibly blank
     * @return the name to use
     */
    default String hostName(String configured) {
        if (!configured.isBlank()) {
            return configured.strip();
        }
        try {
            return java.net.InetAddress.getLocalHost().getCanonicalHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }
}
