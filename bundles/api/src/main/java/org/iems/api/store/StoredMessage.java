package org.iems.api.store;

import java.time.Instant;
import java.util.Set;
import org.iems.api.blob.BlobId;

/**
 * One message in a mailbox, without its bytes (read those from the
 * {@link org.iems.api.blob.BlobStore}).
 *
 * @param uid its UID in the mailbox
 * @param body its blob
 * @param size its size in octets
 * @param internalDate when it was received; never rewritten
 * @param flags its system flags and keywords
 * @param modSeq the MODSEQ of its last change
 */
public record StoredMessage(long uid, BlobId body, long size, Instant internalDate, Set<String> flags, long modSeq) {

    /**
     * Copies the flags.
     *
     * @param uid the UID
     * @param body the blob
     * @param size the size
     * @param internalDate the internal date
     * @param flags the flags
     * @param modSeq the MODSEQ
     */
    public StoredMessage {
        flags = Set.copyOf(flags);
    }
}
