package org.iems.api.queue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.iems.api.blob.BlobRef;

/**
 * What the preprocessor decided for a new entry, applied by {@link QueueIntake#route} in one
 * transaction.
 *
 * @param tags pass-through tags the filters added
 * @param body a new body and its size, if a filter modified the message; the queue takes it over
 * @param recipients the final recipients, replacing the envelope's
 */
public record Routing(Map<String, String> tags, Optional<BlobRef> body, List<RoutedRecipient> recipients) {

    /**
     * Creates the value with unmodifiable copies.
     *
     * @param tags the tags
     * @param body a new body
     * @param recipients the final recipients
     */
    public Routing {
        tags = Map.copyOf(tags);
        recipients = List.copyOf(recipients);
    }
}
