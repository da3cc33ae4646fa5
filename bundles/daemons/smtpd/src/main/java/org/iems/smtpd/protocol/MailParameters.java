package org.iems.smtpd.protocol;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * The ESMTP parameters of MAIL FROM.
 *
 * @param size SIZE (RFC 1870): the size the client declares
 * @param body BODY (RFC 6152, RFC 3030)
 * @param smtpUtf8 SMTPUTF8 (RFC 6531)
 * @param ret RET (RFC 3461): full message or headers only in a DSN
 * @param envelopeId ENVID (RFC 3461), xtext-decoded
 * @param auth AUTH (RFC 4954) submitter, xtext-decoded; {@code <>} when unknown
 */
public record MailParameters(OptionalLong size, Body body, boolean smtpUtf8, Optional<Ret> ret,
        Optional<String> envelopeId, Optional<String> auth) {

    /** The body types of BODY=. */
    public enum Body {
        /** 7-bit text, the default. */
        SEVEN_BIT,
        /** 8BITMIME (RFC 6152). */
        EIGHT_BIT_MIME,
        /** BINARYMIME (RFC 3030), with BDAT only. */
        BINARY_MIME
    }

    /** The RET= values. */
    public enum Ret {
        /** Return the whole message in a DSN. */
        FULL,
        /** Return the headers only. */
        HDRS
    }

    /** No parameters. */
    public static final MailParameters NONE = new MailParameters(OptionalLong.empty(), Body.SEVEN_BIT, false,
            Optional.empty(), Optional.empty(), Optional.empty());
}
