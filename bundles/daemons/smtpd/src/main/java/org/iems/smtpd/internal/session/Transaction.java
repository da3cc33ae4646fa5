package org.iems.smtpd.internal.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.iems.api.mail.MailAddress;
import org.iems.smtpd.protocol.MailParameters;
import org.iems.smtpd.protocol.RcptParameters;

/** One mail transaction, from MAIL to the end of the data (RFC 5321 section 3.3). */
public final class Transaction {

    /** An accepted recipient with its DSN parameters; {@code discard} for mail to be dropped. */
    public record Recipient(MailAddress address, RcptParameters parameters, boolean discard) {
    }

    private final String id;
    private final Optional<MailAddress> sender;
    private final MailParameters parameters;
    private final List<Recipient> recipients = new ArrayList<>();
    private long received;

    Transaction(String id, Optional<MailAddress> sender, MailParameters parameters) {
        this.id = id;
        this.sender = sender;
        this.parameters = parameters;
    }

    /** The queue id the message gets when accepted. */
    public String id() {
        return id;
    }

    /** The reverse-path; empty for bounces. */
    public Optional<MailAddress> sender() {
        return sender;
    }

    /** MAIL FROM's ESMTP parameters. */
    public MailParameters parameters() {
        return parameters;
    }

    /** The accepted recipients, in RCPT order. */
    public List<Recipient> recipients() {
        return List.copyOf(recipients);
    }

    void add(Recipient recipient) {
        recipients.add(recipient);
    }

    int recipientCount() {
        return recipients.size();
    }

    boolean hasRecipient(MailAddress address) {
        return recipients.stream().anyMatch(r -> r.address().equals(address));
    }

    /** Octets of BDAT data received so far. */
    long received() {
        return received;
    }

    void addReceived(long octets) {
        received += octets;
    }
}
