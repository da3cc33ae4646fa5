package org.iems.smtpd.internal.session;

import java.util.Set;
import org.iems.api.mail.DomainName;

/**
 * The policy one SMTP listener applies, fixed for the life of a session (a configuration change
 * applies to the next session).
 *
 * @param hostName the name the server greets with and writes into Received headers
 * @param postmaster the local domain whose postmaster receives mail for bare {@code <Postmaster>}
 * @param maxMessageSize the largest message taken, in octets (SIZE and 552 5.3.4)
 * @param minMessageSize the smallest message taken, in octets; 0 = no minimum
 * @param maxRecipients the most recipients per message (452 4.5.3 past it)
 * @param invalidLocalUser what to do with mail for an unknown user of a local domain
 * @param authRequired whether MAIL needs AUTH first (submission, RFC 6409)
 * @param tlsAvailable whether STARTTLS is offered (a certificate is configured)
 * @param etrnDomains the domains ETRN may start the queue of; empty = any
 * @param senderLoginCheck whether an authenticated client may only use the sender addresses its
 *        account owns (its own, its aliases', granted ones)
 */
public record SessionSettings(String hostName, DomainName postmaster, long maxMessageSize, long minMessageSize,
        int maxRecipients, InvalidLocalUser invalidLocalUser, boolean authRequired, boolean tlsAvailable,
        Set<DomainName> etrnDomains, boolean senderLoginCheck) {

    /**
     * Creates the value with an unmodifiable copy of the ETRN domains.
     */
    public SessionSettings {
        etrnDomains = Set.copyOf(etrnDomains);
    }

    /** The {@code mail.for.invalid.local.user} choices. */
    public enum InvalidLocalUser {
        /** Refuse at RCPT with 550 5.1.1 (the default). */
        BOUNCE,
        /** Accept, then discard and log. */
        DELETE,
        /** Accept and deliver to the postmaster. */
        POSTMASTER
    }
}
