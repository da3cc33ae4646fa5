package org.iems.net.internal;

import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import org.iems.net.internal.access.AddressGroups;
import org.iems.net.internal.access.LoginThrottle;
import org.iems.net.internal.access.Tarpit;
import org.iems.net.internal.tls.TlsSettings;

/**
 * What every listener shares, as the component's current configuration has it: the worker pool,
 * the timer for delayed replies, the connections open over all listeners, the client address
 * grouping, the login throttle, the tarpit, TLS and the burst log.
 */
interface Shared {

    Executor workers();

    /** Runs delayed replies; its tasks only hand work to a connection's serial executor. */
    ScheduledExecutorService timer();

    OpenConnections openConnections();

    AddressGroups addressGroups();

    LoginThrottle loginThrottle();

    Tarpit tarpit();

    Optional<TlsSettings> tls();

    BurstLog burstLog();
}
