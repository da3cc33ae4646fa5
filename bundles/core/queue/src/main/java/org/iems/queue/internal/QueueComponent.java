package org.iems.queue.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.iems.api.blob.BlobHolder;
import org.iems.api.blob.BlobStore;
import org.iems.api.config.ConfigurationCheck;
import org.iems.api.directory.Directory;
import org.iems.api.queue.DeliveryChannel;
import org.iems.api.queue.DeliveryQueue;
import org.iems.api.queue.ManageableQueue;
import org.iems.api.queue.MessageQueue;
import org.iems.api.queue.QueueIntake;
import org.iems.api.storage.SchemaMigrations;
import org.iems.api.work.WorkLoop;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Shared Message Queue as one DS component: registers the queue in its four roles
 * ({@link MessageQueue}, {@link QueueIntake}, {@link DeliveryQueue}, {@link ManageableQueue}) and
 * as the {@code queue} {@link BlobHolder}, publishes its transaction counters over JMX, and runs delivery workers for every
 * {@link DeliveryChannel} service, starting and stopping them as channels come and go. A
 * channel that goes away (its bundle is updated) leaves its recipients queued; they are
 * delivered when it is back. PID {@code org.iems.queue}; retry, TTL and batch apply live.
 */
// registered in the constructor, so tell the resolver the bundle provides these services
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"org.iems.api.queue.MessageQueue,"
        + "org.iems.api.queue.QueueIntake,org.iems.api.queue.DeliveryQueue,org.iems.api.queue.ManageableQueue,"
        + "org.iems.api.blob.BlobHolder\"", uses = {MessageQueue.class, BlobHolder.class})
@Component(immediate = true, configurationPid = "org.iems.queue", configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = QueueConfiguration.class)
public final class QueueComponent {

    private static final Logger LOG = LoggerFactory.getLogger(QueueComponent.class);
    private static final ConfigurationCheck CHECK = ConfigurationCheck.of("org.iems.queue", QueueConfiguration.class);

    private final JdbcMessageQueue queue;
    private final ServiceRegistration<?> registration;
    private final WorkLoop notifierLoop;
    private final Map<DeliveryChannel, ChannelWorkers> workers = new ConcurrentHashMap<>();
    private volatile QueueConfiguration config;
    private volatile boolean active = true;

    /**
     * Migrates the schema and registers the queue.
     *
     * @param dataSource the IEMS database
     * @param migrations schema migrations
     * @param blobs where notifications are written
     * @param directory names the local domain, whose MAILER-DAEMON signs notifications
     * @param context the bundle's context, to register the queue
     * @param config the configuration
     * @param properties the same, as given, checked first
     */
    @Activate
    public QueueComponent(@Reference(name = "dataSource", target = "(dataSourceName=iems)") DataSource dataSource,
            @Reference SchemaMigrations migrations, @Reference BlobStore blobs, @Reference Directory directory,
            BundleContext context, QueueConfiguration config,
            Map<String, Object> properties) {
        CHECK.validate(properties).ifPresent(LOG::warn);
        migrations.migrate(QueueSchema.OWNER, QueueSchema.MIGRATIONS);
        this.config = config;
        this.queue = new JdbcMessageQueue(dataSource, Clock.systemUTC(), this::retryPolicy,
                config.node_id().isBlank() ? hostName() : config.node_id().strip());
        queue.recover();
        Dictionary<String, Object> serviceProperties = new Hashtable<>();
        serviceProperties.put("blob.holder", "queue");
        this.registration = context.registerService(new String[] {MessageQueue.class.getName(),
            QueueIntake.class.getName(), DeliveryQueue.class.getName(), ManageableQueue.class.getName(),
            BlobHolder.class.getName()}, queue, serviceProperties);
        queue.transactions().publish(QueueComponent.class);
        BounceNotifier notifier = new BounceNotifier(queue, blobs, directory::localDomain, hostName(), Clock.systemUTC());
        this.notifierLoop = WorkLoop.start("iems-queue-notifier", 1, () -> notifier.runOnce(this.config.delivery_batch()),
                queue::awaitActivity, Duration.ofSeconds(1));
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    private RetryPolicy retryPolicy() {
        QueueConfiguration c = config;
        return new RetryPolicy(Duration.ofMinutes(c.retry_initial_minutes()),
                Duration.ofMinutes(c.retry_max_minutes()), Duration.ofHours(c.ttl_hours()),
                SpamTtl.of(c.spam_tag(), Duration.ofHours(c.spam_ttl_hours())),
                Duration.ofHours(c.delay_warning_hours()));
    }

    /**
     * Applies a changed configuration: retry, TTL and batch at once, the number of workers to
     * channels that arrive from now on.
     *
     * @param config the new configuration
     * @param properties the same, as given, checked first
     */
    @Modified
    void modified(QueueConfiguration config, Map<String, Object> properties) {
        CHECK.applyChange("Queue", properties, () -> this.config = config);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addChannel(DeliveryChannel channel) {
        if (!active) {
            return;
        }
        Dispatcher dispatcher = new Dispatcher(queue, Duration.ofSeconds(config.lease_seconds()));
        workers.put(channel, new ChannelWorkers(channel, queue, dispatcher, config.delivery_threads(),
                () -> config.delivery_batch()));
        LOG.info("Delivering through channel {}", channel.name());
    }

    void removeChannel(DeliveryChannel channel) {
        ChannelWorkers stopped = workers.remove(channel);
        if (stopped != null) {
            stopped.stop();
            LOG.info("Channel {} gone; its recipients wait in the queue", channel.name());
        }
    }

    @Deactivate
    void deactivate() {
        active = false;
        notifierLoop.stop(Duration.ofSeconds(10));
        workers.values().forEach(ChannelWorkers::stop);
        workers.clear();
        queue.transactions().withdraw();
        registration.unregister();
    }
}
