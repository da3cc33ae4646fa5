package org.iems.api.queue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.iems.api.blob.BlobId;

/**
 * A message in the queue, as it stands.
 *
 * @param queueId the id given to the client in "250 OK queued as &lt;id&gt;"
 * @param envelope the envelope
 * @param body the message blob (the Received header included)
 * @param size the body's size in bytes
 * @param tags pass-through verdicts of filters ({@code X-IEMS-*} header names to values)
 * @param recipients the final recipients and their states
 * @param created when it was enqueued
 * @param expires when recipients not yet delivered expire (the time to live)
 * @param heldReason why the entry is held, if it is
 */
public record QueueEntry(String queueId, Envelope envelope, BlobId body, long size, Map<String, String> tags,
        List<RecipientStatus> recipients, Instant created, Instant expires, Optional<String> heldReason) {

    /**
     * Creates the value with unmodifiable copies of the tags and recipients.
     *
     * @param queueId the id
     * @param envelope the envelope
     * @param body the blob
     * @param size its size
     * @param tags the tags
     * @param recipients the recipients
     * @param created the time of enqueueing
     * @param expires the end of the time to live
     * @param heldReason the reason of a hold
     */
    public QueueEntry {
        tags = Map.copyOf(tags);
        recipients = List.copyOf(recipients);
    }
}
