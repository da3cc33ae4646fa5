package org.iems.api.blob;

import java.io.IOException;
import java.io.OutputStream;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A blob being written. Bytes go to a temporary file; {@link #commit()} makes them durable under
 * their hash; {@link #close()} without a commit throws them away (a dropped connection leaves
 * nothing behind).
 */
@ProviderType
public interface BlobWriter extends AutoCloseable {

    /**
     * Returns the stream to write the blob's bytes to. Do not close it; close the writer.
     *
     * @return the stream
     */
    OutputStream stream();

    /**
     * Forces the bytes to disk (fsync), names the blob by its SHA-256 and returns the id. After it
     * returns, the blob survives a crash; it stays until {@link BlobStore#collectGarbage} finds no
     * {@link BlobHolder} that holds it (and it is older than the grace period).
     *
     * @return the blob's id
     * @throws IOException if the bytes cannot be made durable; then there is no blob
     */
    BlobId commit() throws IOException;

    /**
     * Returns how many bytes were written so far.
     *
     * @return the count
     */
    long size();

    /** Discards the bytes unless committed. Never throws. */
    @Override
    void close();
}
