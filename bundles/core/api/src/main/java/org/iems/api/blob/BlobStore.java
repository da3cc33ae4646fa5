package org.iems.api.blob;

import java.io.IOException;
import java.io.InputStream;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Where message bodies live: files named by content hash under {@code ${karaf.data}/iems/blobs}
 * (or a shared directory for several nodes). A blob is immutable once committed.
 */
@ProviderType
public interface BlobStore {

    /**
     * Starts writing a new blob.
     *
     * @return the writer; close it
     * @throws IOException if no temporary file can be made
     */
    BlobWriter create() throws IOException;

    /**
     * Opens a blob for reading.
     *
     * @param id the blob
     * @return its bytes; close the stream
     * @throws java.nio.file.NoSuchFileException if there is no such blob
     * @throws IOException on a read failure
     */
    InputStream open(BlobId id) throws IOException;

    /**
     * Tells a blob's size.
     *
     * @param id the blob
     * @return its size in bytes
     * @throws IOException if there is no such blob
     */
    long size(BlobId id) throws IOException;

    /**
     * Removes blobs no {@link BlobHolder} holds and that are older than the grace period (so a
     * blob committed but not yet enqueued is safe). Does nothing while a required holder is absent.
     *
     * @return how many blobs were removed
     * @throws IOException on a file system failure
     */
    int collectGarbage() throws IOException;
}
