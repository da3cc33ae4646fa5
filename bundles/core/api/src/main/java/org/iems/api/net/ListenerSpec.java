package org.iems.api.net;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.iems.api.config.ListSettings;

/**
 * What one listener is: where it binds, whether TLS starts at once, who may connect and for how
 * long a connection may stay silent.
 *
 * @param name the configuration property prefix that describes this listener (for example
 *        {@code mx}); every log line and error about the listener names it, so an operator knows
 *        which property to fix
 * @param host the address to bind ({@code 0.0.0.0} or {@code ::} for all, {@code 127.0.0.1} for
 *        loopback only)
 * @param port the TCP port; 0 picks a free one (tests)
 * @param implicitTls whether TLS starts as soon as the connection opens (ports 465, 993, 995)
 * @param allow CIDR ranges or addresses allowed to connect; empty allows everyone not denied
 * @param deny CIDR ranges or addresses refused at connect, before any DNS look-up or greeting;
 *        deny wins over allow
 * @param trusted CIDR ranges or addresses the protocol trusts (for example to relay, or to log
 *        in without TLS); see {@link Connection#trusted()}
 * @param maxConnectionsPerClient most simultaneous connections from one client address
 * @param idleTimeout how long a logged-in or trusted connection may send nothing before it is closed
 * @param loginIdleTimeout how long a connection that has not logged in (and is not trusted) may
 *        send nothing before it is closed: short, so idle strangers cannot hold connections
 */
public record ListenerSpec(String name, String host, int port, boolean implicitTls, List<String> allow,
        List<String> deny, List<String> trusted, int maxConnectionsPerClient, Duration idleTimeout,
        Duration loginIdleTimeout) {

    /**
     * Checks the values.
     *
     * @param name the property prefix
     * @param host the bind address
     * @param port the port
     * @param implicitTls whether TLS starts at once
     * @param allow ranges allowed to connect
     * @param deny ranges refused
     * @param trusted ranges trusted
     * @param maxConnectionsPerClient most connections per client address
     * @param idleTimeout longest silence once logged in
     * @param loginIdleTimeout longest silence before logging in
     * @throws IllegalArgumentException if the port is out of range, the limit not positive or
     *         a timeout not positive
     */
    public ListenerSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(name + ".port: " + port + " is not a TCP port");
        }
        if (maxConnectionsPerClient < 1) {
            throw new IllegalArgumentException(name + ": max connections per client must be at least 1");
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero() || loginIdleTimeout.isNegative()
                || loginIdleTimeout.isZero()) {
            throw new IllegalArgumentException(name + ": idle timeouts must be positive");
        }
        allow = List.copyOf(allow);
        deny = List.copyOf(deny);
        trusted = List.copyOf(trusted);
    }

    /**
     * What all listeners of a daemon share in its configuration: {@code banned.networks},
     * {@code trusted.networks}, {@code max.connections.per.client}, {@code idle.timeout.seconds}
     * and {@code login.idle.timeout.seconds}.
     *
     * @param bannedNetworks the banned networks, a list setting as configured
     * @param trustedNetworks the trusted networks, a list setting as configured
     * @param maxConnectionsPerClient connections one client address may hold
     * @param idleTimeout idle time before the connection is closed
     * @param loginIdleTimeout idle time before login
     * @since 3.0
     */
    public record Shared(String[] bannedNetworks, String[] trustedNetworks, int maxConnectionsPerClient,
            Duration idleTimeout, Duration loginIdleTimeout) {
    }

    /**
     * A daemon's listener as its configuration names it: for a listener {@code name}, the
     * attributes {@code name.host}, {@code name.port} and {@code name.allowed.networks}, and what
     * all its listeners share.
     *
     * @param name the listener's name, its attributes' prefix
     * @param implicitTls whether TLS starts at once
     * @param host the bind address
     * @param port the port
     * @param allowedNetworks the networks allowed to connect, a list setting as configured (empty: all)
     * @param shared the daemon's settings for all its listeners
     * @return the spec
     * @throws IllegalArgumentException if a value is invalid
     * @since 3.0
     */
    public static ListenerSpec of(String name, boolean implicitTls, String host, int port, String[] allowedNetworks,
            Shared shared) {
        return new ListenerSpec(name, host.strip(), port, implicitTls, ListSettings.items(allowedNetworks),
                ListSettings.items(shared.bannedNetworks()), ListSettings.items(shared.trustedNetworks()),
                shared.maxConnectionsPerClient(), shared.idleTimeout(), shared.loginIdleTimeout());
    }

    /**
     * Tells whether a change from this spec to another needs the socket bound again (as opposed
     * to rules that apply to the next connection).
     *
     * @param other the new spec
     * @return whether host, port or implicit TLS differ
     */
    public boolean needsRebind(ListenerSpec other) {
        return !host.equals(other.host) || port != other.port || implicitTls != other.implicitTls;
    }
}
