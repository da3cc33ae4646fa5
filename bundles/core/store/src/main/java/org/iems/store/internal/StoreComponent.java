package org.iems.store.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.iems.api.blob.BlobHolder;
import org.iems.api.blob.BlobStore;
import org.iems.api.config.ConfigurationCheck;
import org.iems.api.config.ListSettings;
import org.iems.api.directory.Directory;
import org.iems.api.storage.SchemaMigrations;
import org.iems.api.store.MailDelivery;
import org.iems.api.store.MessageStore;
import org.iems.store.internal.blob.FileBlobStore;
import org.iems.store.internal.mailbox.JdbcMessageStore;
import org.iems.store.internal.mailbox.Quota;
import org.iems.store.internal.mailbox.StoreSchema;
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
 * The store as one DS component: registers the {@link BlobStore} every bundle writes bodies to
 * and the {@link MessageStore} of users' mailboxes (also as {@link MailDelivery}, delivery's role;
 * with account quotas from the {@link Directory}) as the objects that implement them.
 * Bodies no {@link BlobHolder} service (nor the mailboxes) holds any more are collected on a
 * schedule. PID {@code org.iems.store}; interval, grace and required holders apply live.
 */
// registered in the constructor, so tell the resolver the bundle provides these services
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"org.iems.api.blob.BlobStore\"",
        uses = BlobStore.class)
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"org.iems.api.store.MessageStore,"
        + "org.iems.api.store.MailDelivery\"", uses = MessageStore.class)
@Component(immediate = true, configurationPid = "org.iems.store", configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = StoreConfiguration.class)
public final class StoreComponent {

    private static final Logger LOG = LoggerFactory.getLogger(StoreComponent.class);
    private static final ConfigurationCheck CHECK = ConfigurationCheck.of("org.iems.store", StoreConfiguration.class);
    private static final String HOLDER_NAME = "blob.holder";

    private final Map<BlobHolder, String> holders = new ConcurrentHashMap<>();
    private final JdbcMessageStore messages;
    private final FileBlobStore blobs;
    private final ScheduledExecutorService collector;
    private final ScheduledExecutorService poller;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private volatile ScheduledFuture<?> collection;
    private volatile ScheduledFuture<?> polling;
    private volatile Set<String> requiredHolders;
    private volatile Duration grace;
    private volatile Duration keyRetention;

    /**
     * Migrates the schema and opens the blob directory.
     *
     * @param dataSource the IEMS database
     * @param migrations schema migrations
     * @param directory for account quotas
     * @param context the bundle's context, to register the stores
     * @param config the configuration
     * @param properties the same, as given, checked first
     * @throws IOException if the blob directory cannot be created
     */
    @Activate
    public StoreComponent(@Reference(name = "dataSource", target = "(dataSourceName=iems)") DataSource dataSource,
            @Reference SchemaMigrations migrations, @Reference Directory directory, BundleContext context,
            StoreConfiguration config, Map<String, Object> properties)
            throws IOException {
        CHECK.validate(properties).ifPresent(LOG::warn);
        migrations.migrate(StoreSchema.OWNER, StoreSchema.MIGRATIONS);
        this.messages = new JdbcMessageStore(dataSource, account -> Quota.of(directory, account), Clock.systemUTC());
        messages.transactions().publish(StoreComponent.class);
        this.requiredHolders = names(config.blob_gc_required_holders());
        this.grace = Duration.ofMinutes(config.blob_gc_grace_minutes());
        this.keyRetention = Duration.ofDays(config.delivery_key_retention_days());
        this.blobs = new FileBlobStore(blobDirectory(config.blob_directory()), () -> grace, Clock.systemUTC(), this::allHolders,
                () -> holders.values().containsAll(requiredHolders));
        this.collector = daemonThread("iems-store-blob-collector");
        this.poller = daemonThread("iems-store-watch-poller");
        schedule(config);
        registrations.add(context.registerService(BlobStore.class, blobs, null));
        registrations.add(context.registerService(new String[] {MessageStore.class.getName(),
            MailDelivery.class.getName()}, messages, null));
    }

    private static ScheduledExecutorService daemonThread(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    private static Path blobDirectory(String configured) {
        if (!configured.isBlank()) {
            return Path.of(configured.strip());
        }
        return Path.of(System.getProperty("karaf.data", "data"), "iems", "blobs");
    }

    private static Set<String> names(String[] list) {
        return Set.copyOf(ListSettings.items(list));
    }

    private List<BlobHolder> allHolders() {
        List<BlobHolder> all = new ArrayList<>(holders.keySet());
        all.add(messages);
        return all;
    }

    /**
     * Applies a changed configuration: collection interval, grace and required holders.
     *
     * @param config the new configuration
     * @param properties the same, as given, checked first
     */
    @Modified
    void modified(StoreConfiguration config, Map<String, Object> properties) {
        CHECK.applyChange("Store", properties, () -> {
            requiredHolders = names(config.blob_gc_required_holders());
            grace = Duration.ofMinutes(config.blob_gc_grace_minutes());
            keyRetention = Duration.ofDays(config.delivery_key_retention_days());
            schedule(config);
        });
    }

    private void schedule(StoreConfiguration config) {
        if (collection != null) {
            collection.cancel(false);
        }
        long minutes = config.blob_gc_interval_minutes();
        collection = collector.scheduleWithFixedDelay(this::collect, minutes, minutes, TimeUnit.MINUTES);
        if (polling != null) {
            polling.cancel(false);
            polling = null;
        }
        long millis = config.watch_poll_interval_millis();
        if (millis > 0) {
            polling = poller.scheduleWithFixedDelay(this::pollWatched, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    private void pollWatched() {
        try {
            messages.pollWatchedMailboxes();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Looking for other nodes' changes of watched mailboxes failed; it runs again at the next interval: {}",
                    e.toString());
        }
    }

    private void collect() {
        try {
            blobs.collectGarbage();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Blob collection failed; it runs again at the next interval", e);
        }
        try {
            int removed = messages.pruneDeliveryKeys(keyRetention);
            if (removed > 0) {
                LOG.info("Removed {} delivery keys older than {} days", removed, keyRetention.toDays());
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Removing old delivery keys failed; it runs again at the next interval", e);
        }
    }

    @Deactivate
    void deactivate() {
        registrations.forEach(ServiceRegistration::unregister);
        collector.shutdownNow();
        poller.shutdownNow();
        messages.transactions().withdraw();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addHolder(BlobHolder holder, Map<String, Object> properties) {
        holders.put(holder, String.valueOf(properties.getOrDefault(HOLDER_NAME, holder.getClass().getName())));
    }

    void removeHolder(BlobHolder holder) {
        holders.remove(holder);
    }
}
