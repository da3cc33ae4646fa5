package org.iems.pop3d.internal;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.iems.api.auth.Authenticator;
import org.iems.api.blob.BlobStore;
import org.iems.api.config.ConfigurationCheck;
import org.iems.api.net.Connection;
import org.iems.api.net.Listener;
import org.iems.api.net.ListenerGroup;
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
    private static final ConfigurationCheck CHECK = ConfigurationCheck.of("org.iems.pop3d", Pop3dConfiguration.class);

    private final NetworkService net;
    private final Authenticator authenticator;
    private final StoreMaildrops maildrops;
    private final ListenerGroup listeners;
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
     * @param properties the same, as given, checked first
     */
    @Activate
    public Pop3dComponent(@Reference NetworkService net, @Reference Authenticator authenticator,
            @Reference MessageStore store, @Reference BlobStore blobs, Pop3dConfiguration config,
            Map<String, Object> properties) {
        CHECK.validate(properties).ifPresent(LOG::warn);
        this.net = net;
        this.authenticator = authenticator;
        this.listeners = new ListenerGroup(net);
        apply(config);
        this.maildrops = new StoreMaildrops(store, blobs, () -> this.config.lock_maildrops());
        bindListeners();
    }

    /**
     * Applies a changed configuration without closing open sessions.
     *
     * @param config the new configuration
     * @param properties the same, as given, checked first
     */
    @Modified
    void modified(Pop3dConfiguration config, Map<String, Object> properties) {
        CHECK.applyChange("POP3", properties, () -> {
            apply(config);
            bindListeners();
        });
    }

    private void apply(Pop3dConfiguration c) {
        hostName = net.hostName(c.host_name());
        config = c;
    }

    private void bindListeners() {
        Pop3dConfiguration c = config;
        listeners.apply(Arrays.stream(Pop3Listener.values()).filter(kind -> kind.enabled(c)).map(kind -> kind.spec(c))
                .toList(), name -> this::open);
    }

    private Pop3Connection open(Connection connection) {
        Pop3dConfiguration c = config;
        return new Pop3Connection(connection, hostName, net.tlsAvailable(), c.max_line_length(),
                c.max_errors(), authenticator, maildrops);
    }

    /** A listener while it runs, for tests. */
    Optional<Listener> listener(Pop3Listener kind) {
        return listeners.get(kind.property());
    }

    /** How many maildrops are locked, for tests. */
    int lockedMaildrops() {
        return maildrops.locked();
    }

    @Deactivate
    void deactivate() {
        listeners.close();
    }
}
