package org.iems.net.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.mina.core.service.SimpleIoProcessorPool;
import org.apache.mina.transport.socket.nio.NioProcessor;
import org.apache.mina.transport.socket.nio.NioSession;
import org.iems.api.net.ConnectionHandlerFactory;
import org.iems.api.net.Listener;
import org.iems.api.net.ListenerSpec;
import org.iems.api.net.NetworkService;
import org.iems.net.internal.access.AuthThrottle;
import org.iems.net.internal.access.ConnectionLimiter;
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
 * protocol work, TLS from the configured keystore, a limit on connections in all and the login
 * throttle shared by every protocol. PID {@code org.iems.net}; changes apply live (TLS and
 * limits to the next connection).
 */
@Component(service = NetworkService.class, immediate = true, configurationPid = "org.iems.net",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = NetConfiguration.class)
public final class NetComponent implements NetworkService, Shared {

    private static final Logger LOG = LoggerFactory.getLogger(NetComponent.class);

    private final SimpleIoProcessorPool<NioSession> processors;
    private final ThreadPoolExecutor workers;
    private final ConnectionLimiter allConnections;
    private final List<MinaListener> listeners = new CopyOnWriteArrayList<>();
    private volatile AuthThrottle loginThrottle;
    private volatile Optional<TlsSettings> tls = Optional.empty();

    /**
     * Starts the I/O and worker threads and loads TLS.
     *
     * @param config the configuration
     */
    @Activate
    public NetComponent(NetConfiguration config) {
        this.processors = new SimpleIoProcessorPool<>(NioProcessor.class, Runtime.getRuntime().availableProcessors());
        AtomicInteger count = new AtomicInteger();
        int threads = Math.max(1, config.worker_threads());
        this.workers = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "iems-net-worker-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.allConnections = new ConnectionLimiter(Math.max(1, config.max_connections()), Integer.MAX_VALUE);
        apply(config);
    }

    /**
     * Applies a changed configuration to the next connection.
     *
     * @param config the new configuration
     */
    @Modified
    void modified(NetConfiguration config) {
        int threads = Math.max(1, config.worker_threads());
        if (threads > workers.getMaximumPoolSize()) {
            workers.setMaximumPoolSize(threads);
            workers.setCorePoolSize(threads);
        } else {
            workers.setCorePoolSize(threads);
            workers.setMaximumPoolSize(threads);
        }
        allConnections.setLimits(Math.max(1, config.max_connections()), Integer.MAX_VALUE);
        apply(config);
        LOG.info("Network configuration applied");
    }

    private void apply(NetConfiguration config) {
        loginThrottle = new AuthThrottle(Math.max(1, config.auth_max_failures()),
                Duration.ofSeconds(Math.max(1, config.auth_failure_window_seconds())), Clock.systemUTC());
        Path keystore = keystorePath(config.tls_keystore());
        try {
            tls = Optional.of(TlsSettings.load(keystore, config.tls_keystore_password().toCharArray(),
                    hostName(config.tls_certificate_name()), config.tls_protocols()));
        } catch (Exception e) {
            tls = Optional.empty();
            LOG.error("tls.keystore: cannot load {} ({}); STARTTLS and implicit-TLS listeners are off", keystore,
                    e.toString());
        }
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

    // ----- Shared

    @Override
    public Executor workers() {
        return workers;
    }

    @Override
    public ConnectionLimiter allConnections() {
        return allConnections;
    }

    @Override
    public AuthThrottle loginThrottle() {
        return loginThrottle;
    }

    @Override
    public Optional<TlsSettings> tls() {
        return tls;
    }
}
