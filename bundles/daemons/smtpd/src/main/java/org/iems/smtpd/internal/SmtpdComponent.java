package org.iems.smtpd.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.iems.api.auth.Authenticator;
import org.iems.api.blob.BlobStore;
import org.iems.api.config.ConfigurationCheck;
import org.iems.api.config.ListSettings;
import org.iems.api.directory.Directory;
import org.iems.api.directory.RecipientResolver;
import org.iems.api.mail.DomainName;
import org.iems.api.net.AddressRange;
import org.iems.api.net.Listener;
import org.iems.api.net.ListenerGroup;
import org.iems.api.net.NetworkService;
import org.iems.api.queue.ManageableQueue;
import org.iems.smtpd.internal.connection.FlowControl;
import org.iems.smtpd.internal.connection.SmtpConnection;
import org.iems.smtpd.internal.connection.SmtpContext;
import org.iems.smtpd.internal.session.SessionSettings.InvalidLocalUser;
import org.iems.smtpd.internal.session.SessionSettings;
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
 * The SMTP server as one DS component: binds the configured listeners through the
 * {@link NetworkService} and gives each connection an {@link SmtpConnection}. PID
 * {@code org.iems.smtpd}; a change applies live: listeners rebind, start or stop, open sessions
 * carry on, and limits and policy apply to the next connection.
 */
@Component(immediate = true, configurationPid = "org.iems.smtpd", configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = SmtpdConfiguration.class)
public final class SmtpdComponent {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpdComponent.class);
    private static final ConfigurationCheck CHECK = ConfigurationCheck.of("org.iems.smtpd", SmtpdConfiguration.class);

    private final NetworkService net;
    private final RecipientResolver resolver;
    private final Authenticator authenticator;
    private final ManageableQueue queue;
    private final BlobStore blobs;
    private final Directory directory;
    private final FlowControl flow;
    private final ListenerGroup listeners;
    private volatile SmtpdConfiguration config;
    /** Derived from the configuration once per change, not per connection (a DNS look-up, a log line). */
    private volatile String hostName;
    private volatile InvalidLocalUser invalidLocalUser;
    private volatile List<AddressRange> etrnNetworks;
    private volatile List<AddressRange> peerNetworks;
    private volatile Set<DomainName> etrnDomains;

    /**
     * Binds the enabled listeners.
     *
     * @param net the network service
     * @param resolver recipient look-ups
     * @param authenticator SMTP AUTH
     * @param queue where accepted mail goes, and whose deferred mail ETRN (an operator's request over SMTP) makes due
     * @param blobs where message text is written
     * @param directory names the local domain (bare Postmaster)
     * @param config the configuration
     * @param properties the same, as given, checked first
     */
    @Activate
    public SmtpdComponent(@Reference NetworkService net, @Reference RecipientResolver resolver,
            @Reference Authenticator authenticator, @Reference ManageableQueue queue, @Reference BlobStore blobs,
            @Reference Directory directory, SmtpdConfiguration config,
            Map<String, Object> properties) {
        CHECK.validate(properties).ifPresent(LOG::warn);
        this.net = net;
        this.resolver = resolver;
        this.authenticator = authenticator;
        this.queue = queue;
        this.blobs = blobs;
        this.directory = directory;
        this.flow = new FlowControl(flowLimits(config), Clock.systemUTC());
        this.listeners = new ListenerGroup(net);
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
    void modified(SmtpdConfiguration config, Map<String, Object> properties) {
        CHECK.applyChange("SMTP", properties, () -> {
            apply(config);
            flow.setLimits(flowLimits(config));
            bindListeners();
        });
    }

    /** Reads the configuration; an invalid network or domain list is an {@link IllegalArgumentException}. */
    private void apply(SmtpdConfiguration c) {
        List<AddressRange> etrn = networks("etrn.allowed.networks", c.etrn_allowed_networks());
        List<AddressRange> peers = networks("peer.networks", c.peer_networks());
        Set<DomainName> domains = ListSettings.items(c.etrn_domains()).stream().map(DomainName::parse).collect(Collectors.toUnmodifiableSet());
        hostName = net.hostName(c.host_name());
        invalidLocalUser = invalidLocalUser(c);
        etrnNetworks = etrn;
        peerNetworks = peers;
        etrnDomains = domains;
        config = c;
    }

    private static List<AddressRange> networks(String property, String[] value) {
        try {
            return AddressRange.parseList(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(property + ": " + e.getMessage(), e);
        }
    }

    private void bindListeners() {
        SmtpdConfiguration c = config;
        listeners.apply(Arrays.stream(SmtpListener.values()).filter(kind -> kind.enabled(c)).map(kind -> kind.spec(c))
                .toList(), name -> connection -> new SmtpConnection(connection, context(SmtpListener.named(name))));
    }

    /** The current policy for a new connection on one listener. */
    private SmtpContext context(SmtpListener kind) {
        SmtpdConfiguration c = config;
        SessionSettings settings = new SessionSettings(hostName, directory.localDomain(),
                c.max_message_size(), c.min_inbound_message_size(),
                c.max_recipients(), invalidLocalUser, kind.authRequired(), net.tlsAvailable(), etrnDomains,
                c.sender_login_check());
        return new SmtpContext(settings, c.max_line_length(), c.max_errors(), resolver,
                authenticator, directory::maySendAs, queue, blobs, flow, Clock.systemDefaultZone(), etrnNetworks,
                peerNetworks, c.unknown_recipient_tarpit());
    }

    private static InvalidLocalUser invalidLocalUser(SmtpdConfiguration c) {
        return InvalidLocalUser.valueOf(c.mail_for_invalid_local_user().strip().toUpperCase(Locale.ROOT));
    }

    private static FlowControl.Limits flowLimits(SmtpdConfiguration c) {
        return new FlowControl.Limits(c.flow_max_messages(), c.flow_max_bytes(),
                Duration.ofMinutes(c.flow_window_minutes()));
    }

    /** A listener while it runs, for tests. */
    Optional<Listener> listener(SmtpListener kind) {
        return listeners.get(kind.property());
    }

    @Deactivate
    void deactivate() {
        listeners.close();
    }
}
