package org.iems.api.queue;

import java.util.Optional;
import org.iems.api.mail.MailAddress;

/**
 * The preprocessor's decision for one final recipient.
 *
 * @param original the envelope recipient it comes from
 * @param address the final address
 * @param channel the channel to deliver through; empty when {@code finalState} is set
 * @param finalState {@link RecipientState#BOUNCED} or {@link RecipientState#DISCARDED} for a
 *        recipient that is not delivered at all (unknown user, a filter's verdict);
 *        {@link RecipientState#DELIVERED} for an address expanded to several (an alias) whose
 *        sender asked NOTIFY=SUCCESS: it is answered "expanded" (RFC 3461), its members are routed
 *        as recipients of their own; empty otherwise
 * @param reason why, for the log and a notification; empty for routed recipients
 */
public record RoutedRecipient(EnvelopeRecipient original, MailAddress address, Optional<String> channel,
        Optional<RecipientState> finalState, Optional<String> reason) {

    /**
     * A recipient routed to a channel.
     *
     * @param original the envelope recipient
     * @param address the final address
     * @param channel the channel
     * @return the decision
     */
    public static RoutedRecipient to(EnvelopeRecipient original, MailAddress address, String channel) {
        return new RoutedRecipient(original, address, Optional.of(channel), Optional.empty(), Optional.empty());
    }
}
