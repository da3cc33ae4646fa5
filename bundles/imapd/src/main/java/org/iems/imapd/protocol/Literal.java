package org.iems.imapd.protocol;

import java.io.IOException;
import java.io.InputStream;

/**
 * A literal the client sent ({@code {n}} followed by n octets, RFC 3501 section 4.3): small ones
 * are held in memory, a message being appended is spooled to storage as it arrives.
 */
public interface Literal {

    /**
     * Its length in octets.
     *
     * @return the length
     */
    long size();

    /**
     * Reads its octets.
     *
     * @return a fresh stream over them
     * @throws IOException if a spooled literal cannot be read
     */
    InputStream open() throws IOException;

    /**
     * Its octets, for literals small enough to be held in memory.
     *
     * @return the octets
     * @throws IllegalStateException if it was spooled
     */
    byte[] bytes();
}
