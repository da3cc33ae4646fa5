package org.iems.imapd.protocol.mime;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;
import org.apache.james.mime4j.codec.Base64InputStream;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.QuotedPrintableInputStream;

/**
 * Content-Transfer-Encoding (RFC 2045 section 6): a part's body decoded to the octets it stands
 * for, as SEARCH reads text parts and BINARY (RFC 3516) serves them, a stream at a time with
 * mime4j's lenient decoders: broken base64 and stray {@code =} never fail.
 */
public final class TransferEncoding {

    private TransferEncoding() {
    }

    /**
     * Decodes a part's body as it is read.
     *
     * @param source the message
     * @param part the part (not a multipart)
     * @return the decoded octets, which the caller closes; empty if the encoding is not one of RFC 2045's
     * @throws IOException if the message cannot be read
     */
    public static Optional<InputStream> decoding(MessageSource source, MimePart part) throws IOException {
        if (!known(part)) {
            return Optional.empty();
        }
        String encoding = encoding(part);
        InputStream raw = source.open(part.bodyStart(), part.end());
        return Optional.of(switch (encoding) {
            case "base64" -> new Base64InputStream(raw, DecodeMonitor.SILENT);
            case "quoted-printable" -> new QuotedPrintableInputStream(raw, DecodeMonitor.SILENT);
            default -> raw;
        });
    }

    /**
     * Whether a part's encoding is one of RFC 2045's, which can be decoded.
     *
     * @param part the part
     * @return whether it is
     */
    public static boolean known(MimePart part) {
        return encoding(part).matches("7bit|8bit|binary|base64|quoted-printable");
    }

    private static String encoding(MimePart part) {
        return part.headers().first("Content-Transfer-Encoding").orElse("7bit").strip().toLowerCase(Locale.ROOT);
    }
}
