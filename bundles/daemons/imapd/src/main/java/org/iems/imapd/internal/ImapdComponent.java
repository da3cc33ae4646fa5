package org.iems.imapd.internal;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.iems.api.auth.Authenticator;
import org.iems.api.blob.BlobStore;
import org.iems.api.config.ConfigurationCheck;
import org.iems.api.directory.Directory;
import org.iems.api.net.Connection;
import org.iems.api.net.Listener;
import org.iems.api.net.ListenerGroup;
import org.iems.api.net.NetworkService;
import org.iems.api.store.MessageStore;
import org.iems.imapd.internal.session.Accounts;
import org.iems.imapd.internal.session.MailboxListings;
import org.iems.imapd.internal.session.MessageContents;
import org.iems.imapd.internal.session.SessionServices;
import org.iems.imapd.internal.session.SessionSettings;
import org.iems.imapd.protocol.CommandAssembler;
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
 * The IMAP server as one DS component: binds the configured listeners through the
 * {@link NetworkService} and gives each connection an {@link ImapConnection} over the users'
 * mailboxes in the {@link MessageStore}. PID {@code org.iems.imapd}; a change applies live:
 * listeners rebind, start or stop, open sessions carry on, limits apply to the next connection.
 */
@Component(immediate = true, configurationPid = "org.iems.imapd", configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ImapdConfiguration.class)
public final class ImapdComponent {

    private static final Logger LOG = LoggerFactory.getLogger(ImapdComponent.class);
    private static final ConfigurationCheck CHECK = ConfigurationCheck.of("org.iems.imapd", ImapdConfiguration.class);

    private final NetworkService net;
    private final Authenticator authenticator;
    private final SessionServices services;
    private final ListenerGroup listeners;
    /**
     * Threads that tell idling sessions of changes, off the thread that made the change; one may
     * wait on a slow client (a connection's writes wait once 64 KB are queued), so there are a few.
     */
    private static final int NOTIFIER_THREADS = 8;
    /** Tells idling sessions of changes, off the thread that made the change. */
    private final ExecutorService notifier;
    private volatile ImapdConfiguration config;
    /** Derived once per configuration change: an empty host name costs a DNS look-up. */
    private volatile String hostName;

    /**
     * Binds the enabled listeners.
     *
     * @param net the network service
     * @param authenticator checks IMAP logins
     * @param directory the accounts' quota limits
     * @param store the users' mailboxes
     * @param blobs the message texts
     * @param config the configuration
     * @param properties the same, as given, checked first
     */
    @Activate
    public ImapdComponent(@Reference NetworkService net, @Reference Authenticator authenticator,
            @Reference Directory directory, @Reference MessageStore store, @Reference BlobStore blobs,
            ImapdConfiguration config,
            Map<String, Object> properties) {
        CHECK.validate(properties).ifPresent(LOG::warn);
        this.net = net;
        Accounts accounts = account -> directory.findAccount(account)
                .map(a -> new Accounts.Limits(a.quotaBytes(), a.quotaMessages()));
        this.services = new SessionServices(store, new MessageContents(blobs), new MailboxListings(store), accounts);
        this.authenticator = authenticator;
        this.listeners = new ListenerGroup(net);
        AtomicInteger threads = new AtomicInteger();
        this.notifier = Executors.newFixedThreadPool(NOTIFIER_THREADS, r -> {
            Thread t = new Thread(r, "iems-imap-notify-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        apply(config);
        bindListeners();
    }

    /**
     * Applies a changed configuration without closing open sessions.
     *
     * @param config the new configuration
     * @param properties the same, as given, checked first
     */
    @Modified
    void modified(ImapdConfiguration config, Map<String, Object> properties) {
        CHECK.applyChange("IMAP", properties, () -> {
            apply(config);
            bindListeners();
        });
    }

    private void apply(ImapdConfiguration c) {
        hostName = net.hostName(c.host_name());
        config = c;
    }

    private void bindListeners() {
        ImapdConfiguration c = config;
        listeners.apply(Arrays.stream(ImapListener.values()).filter(kind -> kind.enabled(c)).map(kind -> kind.spec(c))
                .toList(), name -> this::open);
    }

    private ImapConnection open(Connection connection) {
        ImapdConfiguration c = config;
        SessionSettings settings = new SessionSettings(hostName, net.tlsAvailable(),
                connection.tlsProtocol().isPresent(), connection.trusted(), c.max_errors(), c.max_message_size());
        CommandAssembler.Limits limits = new CommandAssembler.Limits(c.max_command_length(),
                c.max_literal_size(), c.max_literal_size() * 4,
                c.max_message_size());
        return new ImapConnection(connection, settings, limits, authenticator, services, notifier);
    }

    /** A listener while it runs, for tests. */
    Optional<Listener> listener(ImapListener kind) {
        return listeners.get(kind.property());
    }

    @Deactivate
    void deactivate() {
        listeners.close();
        notifier.shutdownNow();
    }
}
