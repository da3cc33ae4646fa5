package org.iems.preprocessor.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.iems.api.blob.BlobStore;
import org.iems.api.config.ConfigurationCheck;
import org.iems.api.config.ListSettings;
import org.iems.api.directory.Directory;
import org.iems.api.directory.RecipientResolver;
import org.iems.api.filter.MessageFilter;
import org.iems.api.queue.MessageQueue;
import org.iems.api.queue.QueueIntake;
import org.iems.api.work.WorkLoop;
import org.osgi.framework.Constants;
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
 * The preprocessor as one DS component: worker threads take new queue entries through the
 * {@link MessageFilter} services (highest {@code service.ranking} first) and route their
 * recipients. Filters come and go at any time; a required one that is gone holds new mail until
 * it is back. PID {@code org.iems.preprocessor}: required filters, time budget and batch apply live;
 * workers, alert quiet period and held retry interval when the component restarts.
 */
@Component(immediate = true, configurationPid = "org.iems.preprocessor", configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = PreprocessorConfiguration.class)
public final class PreprocessorComponent {

    private static final Logger LOG = LoggerFactory.getLogger(PreprocessorComponent.class);
    private static final ConfigurationCheck CHECK = ConfigurationCheck.of("org.iems.preprocessor", PreprocessorConfiguration.class);
    private static final Duration IDLE_WAIT = Duration.ofSeconds(1);

    private record Ranked(MessageFilter filter, int ranking, long serviceId) {
    }

    private final Map<MessageFilter, Ranked> filters = new ConcurrentHashMap<>();
    private final ExecutorService filterPool;
    private final Preprocessor preprocessor;
    private final WorkLoop workers;
    private volatile PreprocessorConfiguration config;
    private volatile ChannelMap channels;

    /**
     * Starts the workers.
     *
     * @param intake the queue as the preprocessor sees it
     * @param queue the queue, for alerts to the postmaster
     * @param resolver routes recipients
     * @param directory names the postmaster's domain
     * @param blobs for modified bodies and alerts
     * @param config the configuration
     * @param properties the same, as given, checked first
     */
    @Activate
    public PreprocessorComponent(@Reference QueueIntake intake, @Reference MessageQueue queue,
            @Reference RecipientResolver resolver,
            @Reference Directory directory, @Reference BlobStore blobs, PreprocessorConfiguration config,
            Map<String, Object> properties) {
        CHECK.validate(properties).ifPresent(LOG::warn);
        this.config = config;
        this.channels = ChannelMap.parse(config.channel_map());
        AtomicInteger count = new AtomicInteger();
        this.filterPool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "iems-filter-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        FilterChain chain = new FilterChain(this::chainOrder, () -> names(this.config.required_filters()),
                () -> Duration.ofSeconds(this.config.filter_time_budget_seconds()), filterPool, blobs);
        Alerter alerter = new PostmasterAlerter(queue, blobs, directory::localDomain,
                Duration.ofMinutes(config.alert_quiet_minutes()), Clock.systemUTC());
        this.preprocessor = new Preprocessor(intake, chain, new Router(resolver, () -> channels), alerter, Clock.systemUTC(),
                Duration.ofMinutes(5), Duration.ofSeconds(config.held_retry_seconds()));
        // nothing is lost by a failed round: the claimed entries' leases lapse and they are taken again
        this.workers = WorkLoop.start("iems-preprocessor", config.workers(), () -> preprocessor.runOnce(this.config.batch()),
                intake::awaitActivity, IDLE_WAIT);
    }

    private static Set<String> names(String[] list) {
        return Set.copyOf(ListSettings.items(list));
    }

    private List<MessageFilter> chainOrder() {
        return filters.values().stream()
                .sorted(Comparator.comparingInt(Ranked::ranking).reversed().thenComparingLong(Ranked::serviceId))
                .map(Ranked::filter).toList();
    }

    /**
     * Applies a changed configuration.
     *
     * @param config the new configuration
     * @param properties the same, as given, checked first
     */
    @Modified
    void modified(PreprocessorConfiguration config, Map<String, Object> properties) {
        CHECK.applyChange("Preprocessor", properties, () -> {
            this.channels = ChannelMap.parse(config.channel_map());
            this.config = config;
            LOG.info("Required filters: {}", names(config.required_filters()));
        });
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addFilter(MessageFilter filter, Map<String, Object> properties) {
        Object ranking = properties.get(Constants.SERVICE_RANKING);
        filters.put(filter, new Ranked(filter, ranking instanceof Integer r ? r : 0,
                (Long) properties.get(Constants.SERVICE_ID)));
        LOG.info("Filter {} joined the chain", filter.name());
        preprocessor.chainChanged();
    }

    void removeFilter(MessageFilter filter) {
        filters.remove(filter);
        LOG.info("Filter {} left the chain", filter.name());
    }

    @Deactivate
    void deactivate() {
        workers.stop(Duration.ofSeconds(10));
        filterPool.shutdownNow();
    }
}
