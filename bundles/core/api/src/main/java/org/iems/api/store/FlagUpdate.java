package org.iems.api.store;

import java.util.List;

/**
 * What a flag update did.
 *
 * @param changed the messages whose flags changed, with their new flags and MODSEQ, in UID order
 * @param modifiedSince UIDs left alone because they changed after the caller's UNCHANGEDSINCE
 *        (RFC 7162 section 3.1.3: the MODIFIED response code)
 */
public record FlagUpdate(List<StoredMessage> changed, List<Long> modifiedSince) {

    /**
     * Copies the lists.
     *
     * @param changed the changed messages
     * @param modifiedSince the UIDs that failed the UNCHANGEDSINCE test
     */
    public FlagUpdate {
        changed = List.copyOf(changed);
        modifiedSince = List.copyOf(modifiedSince);
    }
}
