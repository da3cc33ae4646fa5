package org.iems.bsmtp.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.iems.api.blob.BlobStore;
import org.iems.api.config.ConfigurationCheck;
import org.iems.api.config.ListSettings;
import org.iems.api.directory.Directory;
import org.iems.api.mail.MailAddress;
import org.iems.api.queue.Delivery;
import org.iems.api.queue.DeliveryChannel;
import org.iems.api.queue.DeliveryResult;
import org.iems.api.queue.DeliveryQueue;
import org.iems.api.queue.MessageQueue;
import org.iems.api.work.WorkLoop;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batch SMTP (RFC 2442): registers the {@code bsmtp-in} channel, which unpacks arriving batches,
 * and runs the {@code bsmtp} channel's packer, which gathers the mail routed to it into batches
 * every {@code batch.interval.seconds}. Configuration changes apply to the next batch.
 */
@Component(service = DeliveryChannel.class, immediate = true, configurationPid = "org.iems.bsmtp")
@Designate(ocd = BsmtpConfiguration.class)
public final class BsmtpComponent implements DeliveryChannel {

    private static final Logger LOG = LoggerFactory.getLogger(BsmtpComponent.class);
    private static final ConfigurationCheck CHECK = ConfigurationCheck.of("org.iems.bsmtp", BsmtpConfiguration.class);

    private final BatchReceiver receiver;
    private final BatchPacker packer;
    private final Directory directory;
    private final WorkLoop packerLoop;
    private volatile PackerSettings settings;
    private volatile Set<String> acceptedSenders;

    /**
     * @param deliveries the queue as the batch channel sees it
     * @param queue the queue, for the batches it sends and the messages it receives
     * @param blobs the message bodies
     * @param directory names the local domain, whose postmaster sends batches by default
     * @param config the configuration
     * @param properties the same, as given, checked first
     */
    @Activate
    public BsmtpComponent(@Reference DeliveryQueue deliveries, @Reference MessageQueue queue, @Reference BlobStore blobs, @Reference Directory directory,
            BsmtpConfiguration config,
            Map<String, Object> properties) {
        CHECK.validate(properties).ifPresent(LOG::warn);
        this.directory = directory;
        apply(config);
        this.receiver = new BatchReceiver(queue, blobs, () -> acceptedSenders, Clock.systemUTC());
        this.packer = new BatchPacker(deliveries, queue, blobs, Clock.systemUTC());
        // a failed round loses nothing: its claims lapse and are packed again in a later round
        this.packerLoop = WorkLoop.start("iems-bsmtp-packer", 1, () -> {
            packer.runOnce(settings);
            return 0;
        }, max -> WorkLoop.sleeping().await(settings.interval()), Duration.ofSeconds(1));
    }

    @Modified
    void modified(BsmtpConfiguration config, Map<String, Object> properties) {
        CHECK.applyChange("Batch SMTP", properties, () -> apply(config));
    }

    @Deactivate
    void deactivate() {
        packerLoop.stop(Duration.ofSeconds(10));
    }

    @Override
    public String name() {
        return receiver.name();
    }

    @Override
    public DeliveryResult deliver(Delivery delivery) {
        return receiver.deliver(delivery);
    }

    private void apply(BsmtpConfiguration c) {
        Optional<MailAddress> address = c.batch_address().isBlank() ? Optional.empty()
                : Optional.of(MailAddress.parse(c.batch_address().strip()));
        MailAddress sender = c.batch_sender().isBlank() ? MailAddress.of("postmaster", directory.localDomain())
                : MailAddress.parse(c.batch_sender().strip());
        Set<String> accepted = ListSettings.items(c.accept_senders()).stream()
                .map(s -> MailAddress.parse(s).key()).collect(Collectors.toUnmodifiableSet());
        settings = new PackerSettings(address, sender, Duration.ofSeconds(c.batch_interval_seconds()),
                c.batch_max_messages(), c.batch_max_bytes(), hostName());
        acceptedSenders = accepted;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
