package org.iems.imapd.protocol.search;

/** A parsed search criterion (RFC 3501 section 6.4.4): tells whether a message matches. */
@FunctionalInterface
public interface SearchKey {

    /**
     * Tests a message.
     *
     * @param message the message
     * @return whether it matches
     */
    boolean matches(SearchCandidate message);
}
