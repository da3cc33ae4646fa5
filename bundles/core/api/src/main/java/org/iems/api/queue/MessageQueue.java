package org.iems.api.queue;

import java.util.Optional;
import org.iems.api.blob.BlobRef;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The Shared Message Queue as its submitters see it (the SMTP server, batch SMTP, notifications
 * and alerts): every message IEMS accepts passes through it. The preprocessor filters and routes
 * new entries through {@link QueueIntake}, channels deliver routed recipients through
 * {@link DeliveryQueue}, operators steer it through {@link ManageableQueue}; the scheduler
 * retries with back-off until the time to live, and every recipient ends delivered, bounced,
 * expired or discarded, never lost. State changes are durable when the methods return. One
 * queue object is registered under all four roles.
 */
@ProviderType
public interface MessageQueue {

    /**
     * Makes a new, unique queue id, for a message about to be enqueued (the SMTP session writes it
     * into the Received header and the 250 reply).
     *
     * @return the id
     */
    String newQueueId();

    /**
     * Adds a message. When this returns, the entry and every recipient's state are committed to
     * disk, and the queue holds the blob: only then may "250 OK" be said.
     *
     * @param envelope the envelope
     * @param body the committed message blob and its size
     * @param queueId the id the SMTP session announced, or {@code null} to have one made
     * @return the new entry, recipients in state {@link RecipientState#NEW}
     * @throws QueueException if it could not be made durable; then nothing was added
     */
    QueueEntry enqueue(Envelope envelope, BlobRef body, String queueId) throws QueueException;

    /**
     * Looks an entry up.
     *
     * @param queueId the id
     * @return the entry, or empty if there is none (finished entries are removed)
     */
    Optional<QueueEntry> find(String queueId);
}
