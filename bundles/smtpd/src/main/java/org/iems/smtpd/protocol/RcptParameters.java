package org.iems.smtpd.protocol;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The ESMTP parameters of RCPT TO (RFC 3461).
 *
 * @param notifyOn NOTIFY: when to send a DSN; empty when the client gave no NOTIFY (the server's
 *        default applies); {@code {NEVER}} for NOTIFY=NEVER
 * @param originalRecipient ORCPT: address type and xtext-decoded address ({@code rfc822;bart@ima.com})
 */
public record RcptParameters(Set<Notify> notifyOn, Optional<String> originalRecipient) {

    /** NOTIFY= keywords. */
    public enum Notify {
        /** No DSN at all; excludes the others. */
        NEVER,
        /** On delivery. */
        SUCCESS,
        /** On failure. */
        FAILURE,
        /** On delay. */
        DELAY
    }

    public RcptParameters {
        notifyOn = notifyOn.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(notifyOn));
    }

    /** No parameters. */
    public static final RcptParameters NONE = new RcptParameters(Set.of(), Optional.empty());
}
