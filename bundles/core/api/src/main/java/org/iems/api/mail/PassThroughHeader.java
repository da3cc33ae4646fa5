package org.iems.api.mail;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * IEMS's pass-through header fields: filter verdicts (a spam score, a virus result) written as
 * {@code X-IEMS-*} fields for peers, which believe them. They are removed from mail that comes
 * from, or goes to, anyone else, so nobody outside can plant a verdict and nobody outside learns one.
 *
 * @since 1.2
 */
public final class PassThroughHeader {

    /** The start of every pass-through field name, in the case IEMS writes it. */
    public static final String PREFIX = "X-IEMS-";

    private PassThroughHeader() {
    }

    /**
     * Whether a header field is a pass-through field (names compare without case, RFC 5322).
     *
     * @param fieldName the field name, without the colon
     * @return {@code true} for {@code X-IEMS-*} in any case
     */
    public static boolean is(String fieldName) {
        return fieldName.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    /**
     * The prefix in lower case, as the octets a streaming filter compares against.
     *
     * @return {@code x-iems-} in ASCII
     */
    public static byte[] lowerCasePrefix() {
        return PREFIX.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    }
}
