package org.iems.api.filter;

import java.util.Map;
import org.iems.api.blob.BlobRef;

/** What a filter decides about a message. Verdicts of all filters are combined by the preprocessor. */
public sealed interface FilterVerdict {

    /** Nothing to say: the message goes on. */
    record Accept() implements FilterVerdict {
    }

    /**
     * Pass-through tags (MTA verdicts such as a spam score) for later stages and for peers.
     *
     * @param tags {@code X-IEMS-*} header names to values
     */
    record Tag(Map<String, String> tags) implements FilterVerdict {

        /**
         * Creates the verdict with an unmodifiable copy of the tags.
         *
         * @param tags the tags
         */
        public Tag {
            tags = Map.copyOf(tags);
        }
    }

    /**
     * The message is replaced by a new body (a disclaimer added, an attachment removed).
     *
     * @param body the new, committed blob and its size
     */
    record Modify(BlobRef body) implements FilterVerdict {
    }

    /**
     * Every recipient bounces; the sender is notified.
     *
     * @param status the enhanced status code, e.g. {@code 5.7.1}
     * @param reason why, for the notification and the log
     */
    record Reject(String status, String reason) implements FilterVerdict {
    }

    /**
     * The message is dropped without notification, and logged.
     *
     * @param reason why, for the log
     */
    record Discard(String reason) implements FilterVerdict {
    }

    /**
     * The message is held in the queue until an operator releases it.
     *
     * @param reason why, for the log and the queue listing
     */
    record Hold(String reason) implements FilterVerdict {
    }
}
