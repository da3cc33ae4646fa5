package org.iems.api.queue;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * How full the queue is.
 *
 * @param entries messages in the queue
 * @param held of which held
 * @param recipients recipients by state
 * @param oldest when the oldest entry was queued; empty when the queue is empty
 */
public record QueueStats(long entries, long held, Map<RecipientState, Long> recipients, Optional<Instant> oldest) {

    /**
     * Copies the map.
     *
     * @param entries messages
     * @param held held messages
     * @param recipients recipients by state
     * @param oldest the oldest entry's time
     */
    public QueueStats {
        recipients = Map.copyOf(recipients);
    }
}
