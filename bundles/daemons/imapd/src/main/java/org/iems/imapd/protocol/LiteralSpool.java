package org.iems.imapd.protocol;

import java.io.IOException;
import java.io.OutputStream;

/** Where literals too large for memory go while they arrive (the message of an APPEND). */
@FunctionalInterface
public interface LiteralSpool {

    /**
     * Starts a spooled literal.
     *
     * @param size the announced length
     * @return where its octets go
     * @throws IOException if storage cannot take it
     */
    Spooling start(long size) throws IOException;

    /** One literal being written. */
    interface Spooling {

        /**
         * Where to write the octets.
         *
         * @return the stream
         */
        OutputStream stream();

        /**
         * Ends the literal once all its octets are written.
         *
         * @return the literal
         * @throws IOException if storage fails
         */
        Literal finish() throws IOException;

        /** Drops it: the connection ended before all octets came. */
        void abandon();
    }
}
