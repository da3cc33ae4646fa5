package org.iems.net.internal;

import java.util.Optional;
import java.util.concurrent.Executor;
import org.iems.net.internal.access.AuthThrottle;
import org.iems.net.internal.access.ConnectionLimiter;
import org.iems.net.internal.tls.TlsSettings;

/**
 * What every listener shares, as the component's current configuration has it: the worker
 * pool, the limit on connections in all, the login throttle and TLS.
 */
interface Shared {

    Executor workers();

    ConnectionLimiter allConnections();

    AuthThrottle loginThrottle();

    Optional<TlsSettings> tls();
}
