package org.iems.api.queue;

import java.util.Optional;
import java.util.Set;
import org.iems.api.mail.MailAddress;

/**
 * One recipient as the client gave it, with its DSN options (RFC 3461).
 *
 * @param address the recipient
 * @param notifyOn NOTIFY; empty means the client gave none (the default: failures and delays)
 * @param originalRecipient ORCPT ({@code rfc822;address}), if given
 */
public record EnvelopeRecipient(MailAddress address, Set<DsnNotify> notifyOn, Optional<String> originalRecipient) {

    /**
     * Creates the value with an unmodifiable copy of the NOTIFY set.
     *
     * @param address the recipient
     * @param notifyOn NOTIFY values
     * @param originalRecipient ORCPT
     */
    public EnvelopeRecipient {
        notifyOn = Set.copyOf(notifyOn);
    }

    /**
     * A recipient without DSN options.
     *
     * @param address the recipient
     * @return the recipient
     */
    public static EnvelopeRecipient of(MailAddress address) {
        return new EnvelopeRecipient(address, Set.of(), Optional.empty());
    }
}
