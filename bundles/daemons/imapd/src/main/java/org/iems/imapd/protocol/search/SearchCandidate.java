package org.iems.imapd.protocol.search;

import java.time.Instant;
import java.util.Set;
import org.iems.imapd.protocol.mime.Headers;

/** A message as SEARCH tests it; header and text are read only when a key needs them. */
public interface SearchCandidate {

    /** @return its message sequence number */
    long sequence();

    /** @return its UID */
    long uid();

    /** @return its flags and keywords */
    Set<String> flags();

    /** @return whether it is recent to this session */
    boolean recent();

    /** @return its size in octets */
    long size();

    /** @return its internal date */
    Instant internalDate();

    /** @return its MODSEQ */
    long modSeq();

    /** @return when it was stored in the mailbox (RFC 8514), or null if unknown */
    Instant savedAt();

    /** @return its object id (RFC 8474 EMAILID) */
    String emailId();

    /** @return its header fields (the header alone is read) */
    Headers headers();

    /** @return its body text, as searched by BODY */
    String body();
}
