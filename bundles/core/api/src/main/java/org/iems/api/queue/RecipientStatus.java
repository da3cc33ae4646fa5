package org.iems.api.queue;

import java.time.Instant;
import java.util.Optional;
import org.iems.api.mail.MailAddress;

/**
 * One final recipient of a queue entry and its state. Routing may turn one envelope recipient
 * (an alias) into several final recipients.
 *
 * @param original the envelope recipient this one comes from
 * @param address the final address (after alias and domain-alias expansion)
 * @param channel the channel it is routed to; empty before routing
 * @param state where it stands
 * @param attempts delivery attempts so far
 * @param nextAttempt when it is due next; empty when not waiting
 * @param lastResult the last attempt's reply or reason, for the log and for notifications
 */
public record RecipientStatus(EnvelopeRecipient original, MailAddress address, Optional<String> channel,
        RecipientState state, int attempts, Optional<Instant> nextAttempt, Optional<String> lastResult) {
}
