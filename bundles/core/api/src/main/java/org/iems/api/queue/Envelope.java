package org.iems.api.queue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.iems.api.mail.MailAddress;

/**
 * The SMTP envelope of a message and how it arrived.
 *
 * @param sender the reverse-path; empty for the null sender {@code <>} (notifications, which are
 *        never bounced)
 * @param recipients the recipients, at least one, in RCPT order
 * @param envelopeId ENVID (RFC 3461), if given
 * @param ret RET (RFC 3461), if given
 * @param body the body type
 * @param smtpUtf8 whether the message was sent with SMTPUTF8 (RFC 6531)
 * @param client the client's IP address, or {@code local} for mail made inside IEMS
 * @param authenticatedUser the user who authenticated to submit it, if any
 * @param received when the message was accepted
 */
public record Envelope(Optional<MailAddress> sender, List<EnvelopeRecipient> recipients, Optional<String> envelopeId,
        Optional<DsnReturn> ret, BodyType body, boolean smtpUtf8, String client, Optional<MailAddress> authenticatedUser,
        Instant received) {

    /**
     * The {@link #client()} of messages IEMS makes itself (notifications, alerts): with the null
     * sender, such an entry is routed without passing the filter chain.
     */
    public static final String LOCAL_CLIENT = "local";

    /**
     * Creates the envelope with an unmodifiable copy of the recipients.
     *
     * @param sender the reverse-path
     * @param recipients the recipients
     * @param envelopeId ENVID
     * @param ret RET
     * @param body the body type
     * @param smtpUtf8 SMTPUTF8
     * @param client the client address
     * @param authenticatedUser the submitting user
     * @param received the time of acceptance
     * @throws IllegalArgumentException if there are no recipients
     */
    public Envelope {
        recipients = List.copyOf(recipients);
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("an envelope needs at least one recipient");
        }
    }
}
