package org.iems.store.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.iems.api.blob.BlobHolder;
import org.iems.api.blob.BlobId;
import org.iems.api.blob.BlobStore;
import org.iems.api.blob.BlobWriter;
import org.iems.api.config.ConfigurationCheck;
import org.iems.api.config.ListSettings;
import org.iems.api.directory.Directory;
import org.iems.api.mail.MailAddress;
import org.iems.api.storage.SchemaMigrations;
import org.iems.api.store.FlagChange;
import org.iems.api.store.FlagUpdate;
import org.iems.api.store.MailboxStatus;
import org.iems.api.store.MailboxUsage;
import org.iems.api.store.MessageStore;
import org.iems.api.store.QuotaExceededException;
import org.iems.api.store.SharedMailbox;
import org.iems.api.store.StoredMessage;
import org.iems.store.internal.blob.FileBlobStore;
import org.iems.store.internal.mailbox.JdbcMessageStore;
import org.iems.store.internal.mailbox.Quota;
import org.iems.store.internal.mailbox.StoreSchema;
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
 * The store as one DS component: the {@link BlobStore} every bundle writes bodies to, and the
 * {@link MessageStore} of users' mailboxes, with account quotas from the {@link Directory}.
 * Bodies no {@link BlobHolder} service (nor the mailboxes) holds any more are collected on a
 * schedule. PID {@code org.iems.store}; interval, grace and required holders apply live.
 */
@Component(service = {BlobStore.class, MessageStore.class}, immediate = true, configurationPid = "org.iems.store",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = StoreConfiguration.class)
public final class StoreComponent implements BlobStore, MessageStore {

    private static final Logger LOG = LoggerFactory.getLogger(StoreComponent.class);
    private static final ConfigurationCheck CHECK = ConfigurationCheck.of("org.iems.store", StoreConfiguration.class);
    private static final String HOLDER_NAME = "blob.holder";

    private final Map<BlobHolder, String> holders = new ConcurrentHashMap<>();
    private final JdbcMessageStore messages;
    private final FileBlobStore blobs;
    private final ScheduledExecutorService collector;
    private volatile ScheduledFuture<?> collection;
    private volatile Set<String> requiredHolders;
    private volatile Duration grace;
    private volatile Duration keyRetention;

    /**
     * Migrates the schema and opens the blob directory.
     *
     * @param dataSource the IEMS database
     * @param migrations schema migrations
     * @param directory for account quotas
     * @param config the configuration
     * @param properties the same, as given, checked first
     * @throws IOException if the blob directory cannot be created
     */
    @Activate
    public StoreComponent(@Reference(name = "dataSource", target = "(dataSourceName=iems)") DataSource dataSource,
            @Reference SchemaMigrations migrations, @Reference Directory directory, StoreConfiguration config,
            Map<String, Object> properties)
            throws IOException {
        CHECK.validate(properties).ifPresent(LOG::warn);
        migrations.migrate(StoreSchema.OWNER, StoreSchema.MIGRATIONS);
        this.messages = new JdbcMessageStore(dataSource, account -> quotaOf(directory, account), Clock.systemUTC());
        messages.transactions().publish(StoreComponent.class);
        this.requiredHolders = names(config.blob_gc_required_holders());
        this.grace = Duration.ofMinutes(config.blob_gc_grace_minutes());
        this.keyRetention = Duration.ofDays(config.delivery_key_retention_days());
        this.blobs = new FileBlobStore(blobDirectory(config.blob_directory()), () -> grace, Clock.systemUTC(), this::allHolders,
                () -> holders.values().containsAll(requiredHolders));
        this.collector = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "iems-store-blob-collector");
            t.setDaemon(true);
            return t;
        });
        schedule(config);
    }

    private static Quota quotaOf(Directory directory, MailAddress account) {
        return directory.findAccount(account).map(a -> new Quota(a.quotaBytes(), a.quotaMessages()))
                .orElse(Quota.UNLIMITED);
    }

    private static Path blobDirectory(String configured) {
        if (!configured.isBlank()) {
            return Path.of(configured.strip());
        }
        return Path.of(System.getProperty("karaf.data", "data"), "iems", "blobs");
    }

    private static Set<String> names(String list) {
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
        collector.shutdownNow();
        messages.transactions().withdraw();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addHolder(BlobHolder holder, Map<String, Object> properties) {
        holders.put(holder, String.valueOf(properties.getOrDefault(HOLDER_NAME, holder.getClass().getName())));
    }

    void removeHolder(BlobHolder holder) {
        holders.remove(holder);
    }

    // ----- BlobStore

    @Override
    public BlobWriter create() throws IOException {
        return blobs.create();
    }

    @Override
    public InputStream open(BlobId id) throws IOException {
        return blobs.open(id);
    }

    @Override
    public long size(BlobId id) throws IOException {
        return blobs.size(id);
    }

    @Override
    public int collectGarbage() throws IOException {
        return blobs.collectGarbage();
    }

    // ----- MessageStore

    @Override
    public long append(MailAddress account, String mailbox, String deliveryHeaders, BlobId body, long bodySize,
            Set<String> flags, Instant internalDate, String deliveryKey) throws QuotaExceededException, IOException {
        return messages.append(account, mailbox, deliveryHeaders, body, bodySize, flags, internalDate, deliveryKey);
    }

    @Override
    public void createMailbox(MailAddress account, String name) throws IOException {
        messages.createMailbox(account, name);
    }

    @Override
    public List<String> mailboxes(MailAddress account) throws IOException {
        return messages.mailboxes(account);
    }

    @Override
    public List<Long> copy(MailAddress account, String mailbox, List<StoredMessage> copies)
            throws QuotaExceededException, IOException {
        return messages.copy(account, mailbox, copies);
    }

    @Override
    public List<StoredMessage> changedSince(MailAddress account, String mailbox, long modSeq) throws IOException {
        return messages.changedSince(account, mailbox, modSeq);
    }

    @Override
    public void deleteMailbox(MailAddress account, String name) throws IOException {
        messages.deleteMailbox(account, name);
    }

    @Override
    public void renameMailbox(MailAddress account, String from, String to) throws IOException {
        messages.renameMailbox(account, from, to);
    }

    @Override
    public void subscribe(MailAddress account, String name, boolean subscribed) throws IOException {
        messages.subscribe(account, name, subscribed);
    }

    @Override
    public List<String> subscriptions(MailAddress account) throws IOException {
        return messages.subscriptions(account);
    }

    @Override
    public void setRights(MailAddress owner, String mailbox, String identifier, String rights) throws IOException {
        messages.setRights(owner, mailbox, identifier, rights);
    }

    @Override
    public SortedMap<String, String> rights(MailAddress owner, String mailbox) throws IOException {
        return messages.rights(owner, mailbox);
    }

    @Override
    public List<SharedMailbox> sharedWith(MailAddress account) throws IOException {
        return messages.sharedWith(account);
    }

    @Override
    public Optional<MailboxStatus> status(MailAddress account, String mailbox) throws IOException {
        return messages.status(account, mailbox);
    }

    @Override
    public List<Long> expunge(MailAddress account, String mailbox, Collection<Long> uids) throws IOException {
        return messages.expunge(account, mailbox, uids);
    }

    @Override
    public FlagUpdate updateFlags(MailAddress account, String mailbox, Collection<Long> uids, FlagChange change,
            Set<String> flags, OptionalLong unchangedSince) throws IOException {
        return messages.updateFlags(account, mailbox, uids, change, flags, unchangedSince);
    }

    @Override
    public AutoCloseable watch(MailAddress account, String mailbox, Runnable listener) {
        return messages.watch(account, mailbox, listener);
    }

    @Override
    public MailboxUsage usage(MailAddress account) throws IOException {
        return messages.usage(account);
    }

    @Override
    public List<StoredMessage> messages(MailAddress account, String mailbox, long fromUid, int max) throws IOException {
        return messages.messages(account, mailbox, fromUid, max);
    }
}
