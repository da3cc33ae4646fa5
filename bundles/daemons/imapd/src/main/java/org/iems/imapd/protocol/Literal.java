package org.iems.imapd.protocol;

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
     * Its octets, for literals small enough to be held in memory.
     *
     * @return the octets
     * @throws IllegalStateException if it was spooled
     */
    byte[] bytes();
}
