package org.iems.smtpc.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.iems.api.blob.BlobStore;
import org.iems.api.config.ConfigurationCheck;
import org.iems.api.config.ListSettings;
import org.iems.api.mail.DomainName;
import org.iems.api.queue.DeliveryQueue;
import org.iems.api.route.RemoteRoute;
import org.iems.api.route.RemoteRouting;
import org.iems.smtpc.protocol.ClientTimeouts;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbound SMTP channel ({@code smtp}): runs the scheduler that takes remote recipients from
 * the queue and delivers them. A configuration change applies to the next claims and connections;
 * an invalid one is refused with an error in the log and the previous one stays.
 */
@Component(immediate = true, configurationPid = "org.iems.smtpc", service = RemoteRouting.class)
@Designate(ocd = SmtpcConfiguration.class)
public final class SmtpcComponent implements RemoteRouting {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpcComponent.class);
    private static final ConfigurationCheck CHECK = ConfigurationCheck.of("org.iems.smtpc", SmtpcConfiguration.class);

    private final OutboundScheduler scheduler;
    private volatile ChannelSettings settings;

    /**
     * @param queue the Shared Message Queue
     * @param blobs the message bodies
     * @param config the configuration
     * @param properties the same, as given, checked first
     */
    @Activate
    public SmtpcComponent(@Reference DeliveryQueue queue, @Reference BlobStore blobs, SmtpcConfiguration config,
            Map<String, Object> properties) {
        CHECK.validate(properties).ifPresent(LOG::warn);
        this.settings = settings(config);
        this.scheduler = new OutboundScheduler(queue, blobs, TrustingTls.socketFactory(), Clock.systemUTC(), settings);
        scheduler.start();
        LOG.info("Outbound SMTP channel started");
    }

    @Modified
    void modified(SmtpcConfiguration config, Map<String, Object> properties) {
        CHECK.applyChange("Outbound SMTP", properties, () -> {
            settings = settings(config);
            scheduler.reconfigure(settings);
        });
    }

    @Deactivate
    void deactivate() {
        scheduler.stop();
        LOG.info("Outbound SMTP channel stopped");
    }

    @Override
    public RemoteRoute route(DomainName domain) {
        ChannelSettings now = settings;
        Route route = now.routes().route(domain);
        Resolution resolution = now.dns().resolve(route.target());
        List<String> addresses = resolution instanceof Resolution.Hosts hosts
                ? hosts.hosts().stream().map(HostAddress::toString).toList() : List.of();
        Optional<String> problem = Optional.empty();
        if (resolution instanceof Resolution.Undeliverable no) {
            problem = Optional.of(no.status() + " " + no.reason());
        } else if (resolution instanceof Resolution.Unavailable later) {
            problem = Optional.of(later.reason());
        }
        return new RemoteRoute(route.source(), route.queueName(), route.tlsRequired(), route.peer(), addresses, problem);
    }

    /** Reads the configuration; an invalid value is an {@link IllegalArgumentException}. */
    static ChannelSettings settings(SmtpcConfiguration c) {
        Optional<Target.Credentials> credentials = c.smarthost_user().isBlank() ? Optional.empty()
                : Optional.of(new Target.Credentials(c.smarthost_user(), c.smarthost_password()));
        Routes routes = Routes.of(ListSettings.items(c.transport_map()), c.smarthost(), credentials,
                ListSettings.items(c.tls_mandatory_domains()), ListSettings.items(c.peer_domains()),
                c.smarthost_auth_tls_required());
        DnsResolver dns;
        try {
            dns = new DnsResolver(ListSettings.items(c.dns_servers()), seconds(c.dns_timeout_seconds()));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("invalid DNS server: " + e.getMessage(), e);
        }
        ClientTimeouts timeouts = new ClientTimeouts(seconds(c.greeting_timeout_seconds()),
                seconds(c.command_timeout_seconds()), seconds(c.data_start_timeout_seconds()),
                seconds(c.data_block_timeout_seconds()), seconds(c.data_end_timeout_seconds()));
        ClientSettings client = new ClientSettings(heloName(c.helo_name()), seconds(c.connect_timeout_seconds()),
                timeouts, c.tls_enabled(), SourceAddresses.of(c.bind_address(), c.bind_address6()));
        return new ChannelSettings(routes, dns, client, positive(c.destination_concurrency()),
                positive(c.max_connections()), positive(c.destination_recipient_limit()),
                Duration.ofSeconds(c.connection_reuse_seconds()),
                Duration.ofMinutes(positive(c.lease_minutes())), positive(c.backlog()));
    }

    private static String heloName(String configured) {
        if (!configured.isBlank()) {
            return configured.strip();
        }
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            LOG.warn("This machine's host name is unknown ({}); EHLO says localhost", e.getMessage());
            return "localhost";
        }
    }

    private static Duration seconds(int seconds) {
        return Duration.ofSeconds(positive(seconds));
    }

    private static int positive(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("a count or time must be at least 1, not " + value);
        }
        return value;
    }
}
