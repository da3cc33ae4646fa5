package org.iems.preprocessor.internal;

import java.util.Map;
import java.util.Optional;
import org.iems.api.blob.BlobRef;

/** What the whole filter chain decided for one message. */
sealed interface ChainOutcome {

    /** Every filter let it through; tags and a new body, if any, go with it. */
    record Pass(Map<String, String> tags, Optional<BlobRef> body) implements ChainOutcome {
    }

    /** Held: a filter said so, or the chain could not run completely (fail closed). */
    record Held(String reason, boolean automatic) implements ChainOutcome {
    }

    /** A filter rejected it: every recipient bounces. */
    record Rejected(String status, String reason) implements ChainOutcome {
    }

    /** A filter discarded it. */
    record Discarded(String reason) implements ChainOutcome {
    }
}
