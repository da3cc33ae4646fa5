package org.iems.pop3d.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.EnumMap;
import java.util.Map;
import org.iems.api.auth.Authenticator;
import org.iems.api.blob.BlobStore;
import org.iems.api.net.Listener;
import org.iems.api.net.NetworkService;
import org.iems.api.store.MessageStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The POP3 server as one DS component: binds the configured listeners through the
 * {@link NetworkService} and gives each connection a {@link Pop3Connection} over the users'
 * INBOXes in the {@link MessageStore}. PID {@code org.iems.pop3d}; a change applies live:
 * listeners rebind, start or stop, open sessions carry on, limits apply to the next connection.
 */
@Component(immediate = true, configurationPid = "org.iems.pop3d", configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = Pop3dConfiguration.class)
public final class Pop3dComponent {

    private static final Logger LOG = LoggerFactory.getLogger(Pop3dComponent.class);

    private final NetworkService net;
    private final Authenticator authenticator;
    private final StoreMaildrops maildrops;
    private final Map<Pop3Listener, Listener> listeners = new EnumMap<>(Pop3Listener.class);
    private volatile Pop3dConfiguration config;
    /** Derived once per configuration change: an empty host name costs a DNS look-up. */
    private volatile String hostName;

    /**
     * Binds the enabled listeners.
     *
     * @param net the network service
     * @param authenticator checks POP3 logins
     * @param store the users' mailboxes
     * @param blobs the message texts
     * @param config the configuration
     */
    @Activate
    public Pop3dComponent(@Reference NetworkService net, @Reference Authenticator authenticator,
            @Reference MessageStore store, @Reference BlobStore blobs, Pop3dConfiguration config) {
        this.net = net;
        this.authenticator = authenticator;
        apply(config);
        this.maildrops = new StoreMaildrops(store, blobs, () -> this.config.lock_maildrops());
        bindListeners();
    }

    /**
     * Applies a changed configuration without closing open sessions.
     *
     * @param config the new configuration
     */
    @Modified
    void modified(Pop3dConfiguration config) {
        apply(config);
        bindListeners();
        LOG.info("POP3 configuration applied");
    }

    private void apply(Pop3dConfiguration c) {
        hostName = hostName(c);
        config = c;
    }

    private synchronized void bindListeners() {
        Pop3dConfiguration c = config;
        for (Pop3Listener kind : Pop3Listener.values()) {
            Listener current = listeners.get(kind);
            if (!kind.enabled(c)) {
                if (current != null) {
                    current.close();
                    listeners.remove(kind);
                }
            } else if (current == null) {
                listeners.put(kind, net.listen(kind.spec(c), this::open));
            } else {
                current.update(kind.spec(c));
            }
        }
    }

    private Pop3Connection open(org.iems.api.net.Connection connection) {
        Pop3dConfiguration c = config;
        return new Pop3Connection(connection, hostName, net.tlsAvailable(), Math.max(255, c.max_line_length()),
                Math.max(1, c.max_errors()), authenticator, maildrops);
    }

    private static String hostName(Pop3dConfiguration c) {
        if (!c.host_name().isBlank()) {
            return c.host_name().strip();
        }
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** The listeners, for tests. */
    Map<Pop3Listener, Listener> listeners() {
        return Map.copyOf(listeners);
    }

    /** How many maildrops are locked, for tests. */
    int lockedMaildrops() {
        return maildrops.locked();
    }

    @Deactivate
    synchronized void deactivate() {
        listeners.values().forEach(Listener::close);
        listeners.clear();
    }
}
