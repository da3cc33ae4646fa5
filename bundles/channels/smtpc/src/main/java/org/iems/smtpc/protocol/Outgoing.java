package org.iems.smtpc.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.iems.api.mail.MailAddress;
import org.iems.api.queue.DsnNotify;
import org.iems.api.queue.DsnReturn;

/**
 * One message for one destination, as a transaction sends it.
 *
 * @param sender the reverse-path, empty for the null sender
 * @param recipients the recipients at this destination
 * @param size the message's size in octets
 * @param eightBit whether it was received as 8BITMIME
 * @param smtpUtf8 whether it needs SMTPUTF8 (received so, or an address is not ASCII)
 * @param envelopeId ENVID to pass on
 * @param ret RET to pass on
 * @param tags pass-through tags to write (a peer destination), or none
 * @param body where to read the message from
 */
public record Outgoing(Optional<MailAddress> sender, List<Recipient> recipients, long size, boolean eightBit,
        boolean smtpUtf8, Optional<String> envelopeId, Optional<DsnReturn> ret, Map<String, String> tags, Body body) {

    /**
     * Creates the value with unmodifiable copies of the lists.
     *
     * @param sender the reverse-path
     * @param recipients the recipients
     * @param size the size
     * @param eightBit 8BITMIME
     * @param smtpUtf8 SMTPUTF8
     * @param envelopeId ENVID
     * @param ret RET
     * @param tags the tags
     * @param body the message
     */
    public Outgoing {
        recipients = List.copyOf(recipients);
        tags = Map.copyOf(tags);
    }

    /**
     * A recipient with its DSN options (RFC 3461).
     *
     * @param address the address
     * @param notifyOn NOTIFY, empty if the client gave none
     * @param originalRecipient ORCPT as {@code type;address}, if given
     */
    public record Recipient(MailAddress address, Set<DsnNotify> notifyOn, Optional<String> originalRecipient) {
    }

    /** The message's bytes, opened once per attempt. */
    @FunctionalInterface
    public interface Body {

        /**
         * Opens the message.
         *
         * @return a stream of its bytes, to be closed by the caller
         * @throws IOException if it cannot be read
         */
        InputStream open() throws IOException;
    }
}
