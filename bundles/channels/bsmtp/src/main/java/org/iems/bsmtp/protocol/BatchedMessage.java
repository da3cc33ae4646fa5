package org.iems.bsmtp.protocol;

import java.util.List;
import java.util.Optional;
import org.iems.api.mail.MailAddress;
import org.iems.api.queue.BodyType;
import org.iems.api.queue.DsnReturn;
import org.iems.api.queue.EnvelopeRecipient;

/**
 * One message's envelope inside a batch: what MAIL FROM and RCPT TO said for it.
 *
 * @param sender the reverse-path, empty for {@code <>}
 * @param recipients the recipients with their DSN options
 * @param envelopeId ENVID
 * @param ret RET
 * @param body BODY
 * @param smtpUtf8 SMTPUTF8
 */
public record BatchedMessage(Optional<MailAddress> sender, List<EnvelopeRecipient> recipients,
        Optional<String> envelopeId, Optional<DsnReturn> ret, BodyType body, boolean smtpUtf8) {

    /**
     * Creates the value with an unmodifiable copy of the recipients.
     *
     * @param sender the sender
     * @param recipients the recipients
     * @param envelopeId ENVID
     * @param ret RET
     * @param body BODY
     * @param smtpUtf8 SMTPUTF8
     */
    public BatchedMessage {
        recipients = List.copyOf(recipients);
    }
}
