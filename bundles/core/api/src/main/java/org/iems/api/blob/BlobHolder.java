package org.iems.api.blob;

import java.util.Collection;
import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Something that keeps blobs: the queue (entries not yet finished) and the store (messages in
 * mailboxes). The blob store asks every holder before it removes a blob. A holder registered
 * with the service property {@code blob.holder} names itself; the blob store removes nothing
 * while a holder it is configured to require is absent.
 */
@ConsumerType
public interface BlobHolder {

    /**
     * Tells which of the candidate blobs this holder still holds.
     *
     * @param candidates blobs that might be removed
     * @return the subset this holder needs kept
     */
    Set<BlobId> held(Collection<BlobId> candidates);
}
