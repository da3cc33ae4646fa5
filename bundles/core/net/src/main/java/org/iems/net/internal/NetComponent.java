package org.iems.net.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.mina.core.service.SimpleIoProcessorPool;
import org.apache.mina.transport.socket.nio.NioProcessor;
import org.apache.mina.transport.socket.nio.NioSession;
import org.iems.api.config.ConfigurationCheck;
import org.iems.api.config.ListSettings;
import org.iems.api.net.ConnectionHandlerFactory;
import org.iems.api.net.Listener;
import org.iems.api.net.ListenerSpec;
import org.iems.api.net.NetworkService;
import org.iems.net.internal.access.AddressGroups;
import org.iems.net.internal.access.Backoff;
import org.iems.net.internal.access.LoginThrottle;
import org.iems.net.internal.access.Tarpit;
import org.iems.net.internal.tls.TlsSettings;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link NetworkService}: MINA I/O threads that only move bytes, a worker pool that runs
 * protocol work, a timer for delayed replies, TLS from the configured keystore, the limit on
 * connections in all, and the login throttle and tarpit shared by every protocol. PID
 * {@code org.iems.net}; changes apply live (TLS and limits to the next connection).
 */
@Component(service = NetworkService.class, immediate = true, configurationPid = "org.iems.net",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = NetConfiguration.class)
public final class NetComponent implements NetworkService, Shared {

    static final String REJECT_RENEGOTIATION = "jdk.tls.rejectClientInitiatedRenegotiation";

    private static final Logger LOG = LoggerFactory.getLogger(NetComponent.class);
    private static final ConfigurationCheck CHECK = ConfigurationCheck.of("org.iems.net", NetConfiguration.class);

    static {
        // A client may not start a TLS 1.2 renegotiation (a cheap way to make the server do expensive
        // handshakes). The JDK reads this once, at the first server handshake of the JVM; bin/setenv
        // sets it on the command line too, for the case some other part of Karaf handshook first.
        if (System.getProperty(REJECT_RENEGOTIATION) == null) {
            System.setProperty(REJECT_RENEGOTIATION, "true");
        }
    }

    private final SimpleIoProcessorPool<NioSession> processors;
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService timer;
    private final OpenConnections openConnections;
    private final BurstLog burstLog = new BurstLog(Duration.ofMinutes(1), Clock.systemUTC());
    private final List<MinaListener> listeners = new CopyOnWriteArrayList<>();
    private volatile Counting counting;
    private volatile AddressGroups addressGroups;
    private volatile LoginThrottle loginThrottle;
    private volatile Tarpit tarpit;
    private volatile Optional<TlsSettings> tls = Optional.empty();

    /**
     * Starts the I/O and worker threads and loads TLS.
     *
     * @param config the configuration
     * @param properties the same, as given, checked first
     */
    @Activate
    public NetComponent(NetConfiguration config,
            Map<String, Object> properties) {
        CHECK.validate(properties).ifPresent(LOG::warn);
        this.processors = new SimpleIoProcessorPool<>(NioProcessor.class, Runtime.getRuntime().availableProcessors());
        AtomicInteger count = new AtomicInteger();
        int threads = config.worker_threads();
        this.workers = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "iems-net-worker-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "iems-net-timer");
            t.setDaemon(true);
            return t;
        });
        this.openConnections = new OpenConnections(config.max_connections());
        apply(config);
    }

    /**
     * Applies a changed configuration to the next connection.
     *
     * @param config the new configuration
     * @param properties the same, as given, checked first
     */
    @Modified
    void modified(NetConfiguration config, Map<String, Object> properties) {
        CHECK.applyChange("Network", properties, () -> {
            int threads = config.worker_threads();
            if (threads > workers.getMaximumPoolSize()) {
                workers.setMaximumPoolSize(threads);
                workers.setCorePoolSize(threads);
            } else {
                workers.setCorePoolSize(threads);
                workers.setMaximumPoolSize(threads);
            }
            openConnections.setMax(config.max_connections());
            apply(config);
        });
    }

    /**
     * What the client counts depend on. A configuration change that leaves these alone keeps the
     * counts (an attacker's failures do not start afresh because, say, TLS was reconfigured).
     */
    private record Counting(int ipv6Prefix, int authFree, int authMaxDelay, int authWindow, int tarpitPerConnection,
            int tarpitPerClient, int tarpitMaxDelay, int tarpitWindow) {

        static Counting of(NetConfiguration c) {
            return new Counting(c.ipv6_prefix_length(), c.auth_free_failures(),
                    c.auth_max_delay_seconds(), c.auth_failure_window_seconds(),
                    c.tarpit_free_per_connection(), c.tarpit_free_per_client(),
                    c.tarpit_max_delay_seconds(), c.tarpit_window_seconds());
        }
    }

    private void apply(NetConfiguration config) {
        Counting next = Counting.of(config);
        if (!next.equals(counting)) {
            startCounting(next);
        }
        Path keystore = keystorePath(config.tls_keystore());
        try {
            tls = Optional.of(TlsSettings.load(keystore, TlsSettings.password(keystore, config.tls_keystore_password()),
                    hostName(config.tls_certificate_name()), ListSettings.items(config.tls_protocols()),
                    ListSettings.items(config.tls_cipher_suites())));
        } catch (Exception e) {
            tls = Optional.empty();
            LOG.error("tls.keystore: cannot load {} ({}); STARTTLS and implicit-TLS listeners are off", keystore,
                    e.toString());
        }
    }

    private void startCounting(Counting c) {
        AddressGroups groups;
        try {
            groups = new AddressGroups(c.ipv6Prefix());
        } catch (IllegalArgumentException e) {
            LOG.error("{}; counting IPv6 clients by /64", e.getMessage());
            groups = new AddressGroups(64);
        }
        addressGroups = groups;
        loginThrottle = new LoginThrottle(new Backoff(c.authFree(), Duration.ofSeconds(c.authMaxDelay())),
                Duration.ofSeconds(c.authWindow()), groups, Clock.systemUTC());
        tarpit = new Tarpit(c.tarpitPerConnection(), c.tarpitPerClient(), Duration.ofSeconds(c.tarpitMaxDelay()),
                Duration.ofSeconds(c.tarpitWindow()), groups, Clock.systemUTC());
        counting = c;
    }

    static Path keystorePath(String configured) {
        Path path = Path.of(configured);
        if (path.isAbsolute()) {
            return path;
        }
        String etc = System.getProperty("karaf.etc");
        return etc == null ? path.toAbsolutePath() : Path.of(etc).resolve(path);
    }

    /** Closes every listener and stops the threads. */
    @Deactivate
    public void deactivate() {
        listeners.forEach(MinaListener::close);
        listeners.clear();
        processors.dispose();
        timer.shutdownNow();
        workers.shutdown();
    }

    // ----- NetworkService

    @Override
    public Listener listen(ListenerSpec spec, ConnectionHandlerFactory handlers) {
        MinaListener listener = new MinaListener(spec, handlers, this, processors, listeners::remove);
        listeners.add(listener);
        return listener;
    }

    @Override
    public boolean tlsAvailable() {
        return tls.isPresent();
    }

    @Override
    public List<Listener> listeners() {
        return List.copyOf(listeners);
    }

    // ----- Shared

    @Override
    public Executor workers() {
        return workers;
    }

    @Override
    public ScheduledExecutorService timer() {
        return timer;
    }

    @Override
    public OpenConnections openConnections() {
        return openConnections;
    }

    @Override
    public AddressGroups addressGroups() {
        return addressGroups;
    }

    @Override
    public LoginThrottle loginThrottle() {
        return loginThrottle;
    }

    @Override
    public Tarpit tarpit() {
        return tarpit;
    }

    @Override
    public Optional<TlsSettings> tls() {
        return tls;
    }

    @Override
    public BurstLog burstLog() {
        return burstLog;
    }
}
