package org.iems.api.filter;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.iems.api.blob.BlobWriter;
import org.iems.api.queue.Envelope;
import org.osgi.annotation.versioning.ProviderType;

/** One message offered to a filter. */
@ProviderType
public interface FilterRequest {

    /**
     * Returns the queue id, for the log.
     *
     * @return the id
     */
    String queueId();

    /**
     * Returns the envelope.
     *
     * @return the envelope
     */
    Envelope envelope();

    /**
     * Returns the tags earlier filters added.
     *
     * @return the tags so far
     */
    Map<String, String> tags();

    /**
     * Opens the message as the earlier filters left it.
     *
     * @return the message bytes; close the stream
     * @throws IOException on a read failure
     */
    InputStream openMessage() throws IOException;

    /**
     * Returns the message size in bytes.
     *
     * @return the size
     */
    long size();

    /**
     * Starts a new body, for a {@link FilterVerdict.Modify} verdict.
     *
     * @return a writer; commit it and return its id in the verdict
     * @throws IOException if no blob can be started
     */
    BlobWriter newBody() throws IOException;
}
