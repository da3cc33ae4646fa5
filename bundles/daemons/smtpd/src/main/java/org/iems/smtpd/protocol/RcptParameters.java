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

    /**
     * The parameters with success and delay notices taken out, for a sender nobody vouches for:
     * the reverse path of an unauthenticated stranger may be forged, and a success or delay report
     * to it would carry the stranger's text to a third party (backscatter). Failure notices stay,
     * as every MTA sends them; a request that asked for nothing else becomes NEVER.
     *
     * @return parameters asking at most NOTIFY=FAILURE
     */
    public RcptParameters withoutSuccessOrDelay() {
        if (notifyOn.isEmpty()) {
            return new RcptParameters(Set.of(Notify.FAILURE), originalRecipient);
        }
        Set<Notify> kept = EnumSet.noneOf(Notify.class);
        kept.addAll(notifyOn);
        kept.remove(Notify.SUCCESS);
        kept.remove(Notify.DELAY);
        return new RcptParameters(kept.isEmpty() ? Set.of(Notify.NEVER) : kept, originalRecipient);
    }
}
