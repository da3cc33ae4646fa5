package org.iems.api.net;

import java.net.InetSocketAddress;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One bound (or failed) listening socket and the connections it accepted.
 */
@ProviderType
public interface Listener extends AutoCloseable {

    /**
     * Applies a changed spec. Access lists, limits and timeouts apply to the next connection; a
     * new host, port or TLS mode binds the new socket and unbinds the old one, while connections
     * already open carry on undisturbed.
     *
     * @param spec the new spec (its name stays the same)
     */
    void update(ListenerSpec spec);

    /**
     * The current spec.
     *
     * @return the spec last given
     */
    ListenerSpec spec();

    /**
     * Where the listener is bound.
     *
     * @return the bound address (with the real port when 0 was asked), or empty if binding
     *         failed
     */
    Optional<InetSocketAddress> boundAddress();

    /**
     * How many connections accepted by this listener are open.
     *
     * @return the count
     */
    int openConnections();

    /**
     * Unbinds and closes the connections this listener accepted (their handlers are told through
     * {@link ConnectionHandler#closed()}). A change of host or port through {@link #update} does
     * not close connections; only this does.
     */
    @Override
    void close();
}
