package org.iems.api.net;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A protocol's side of one connection. Calls for one connection come one at a time, in order,
 * on worker threads (never a network I/O thread), so a handler may block on the directory, the
 * store or DNS. While a call runs, nothing more is read from that client.
 */
@ConsumerType
public interface ConnectionHandler {

    /**
     * Bytes arrived, decrypted when TLS is on.
     *
     * @param data the bytes; the array is the handler's to keep
     * @throws Exception if the handler failed; the connection is closed and the failure logged
     */
    void received(byte[] data) throws Exception;

    /**
     * The client sent nothing for the listener's idle timeout. The connection is closed after
     * this returns; a handler may write a last reply first.
     */
    default void idle() {
    }

    /**
     * The connection ended, however it ended. Release what the connection held here.
     */
    default void closed() {
    }
}
