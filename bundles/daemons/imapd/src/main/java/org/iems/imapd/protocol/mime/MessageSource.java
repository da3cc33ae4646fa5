package org.iems.imapd.protocol.mime;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Where a message's octets are read from, a range at a time, so that a section of a large message
 * is read without the rest of it.
 */
@FunctionalInterface
public interface MessageSource {

    /**
     * Opens a range of the message.
     *
     * @param from the first octet
     * @param to the octet after the last
     * @return the octets, which the caller closes
     * @throws IOException if they cannot be read
     */
    InputStream open(long from, long to) throws IOException;

    /**
     * A message held in memory.
     *
     * @param message its octets
     * @return the source
     */
    static MessageSource of(byte[] message) {
        return (from, to) -> new ByteArrayInputStream(message, (int) from, (int) (to - from));
    }
}
