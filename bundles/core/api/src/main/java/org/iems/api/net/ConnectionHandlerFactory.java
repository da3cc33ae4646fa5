package org.iems.api.net;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Makes the protocol handler for each accepted connection.
 */
@ConsumerType
@FunctionalInterface
public interface ConnectionHandlerFactory {

    /**
     * Called when a connection passed the access list and limits, on a worker thread. The
     * handler usually writes its greeting here.
     *
     * @param connection the new connection
     * @return its handler
     */
    ConnectionHandler open(Connection connection);
}
