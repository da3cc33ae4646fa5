package org.iems.bsmtp.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Finds the batch in a message: the message must be {@code application/batch-SMTP} itself; its
 * body is decoded from its transfer encoding (base64, quoted-printable, or none).
 */
public final class BatchContent {

    private static final int MAX_HEADER = 256 * 1024;

    private BatchContent() {
    }

    /**
     * Reads the message's header and returns its decoded body.
     *
     * @param message the whole message, positioned at its start
     * @return the batch content, to be read to its end
     * @throws BatchFormatException if the message is no batch
     * @throws IOException if reading failed
     */
    public static InputStream open(InputStream message) throws BatchFormatException, IOException {
        String type = "";
        String encoding = "";
        for (String field : header(message).split("\r?\n(?![ \t])")) {
            int colon = field.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = field.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = field.substring(colon + 1).replaceAll("\\s+", " ").strip().toLowerCase(Locale.ROOT);
            if (name.equals("content-type")) {
                type = value.split(";", 2)[0].strip();
            } else if (name.equals("content-transfer-encoding")) {
                encoding = value;
            }
        }
        if (!type.equals("application/batch-smtp")) {
            throw new BatchFormatException("not an application/batch-SMTP message (Content-Type: "
                    + (type.isEmpty() ? "none" : type) + ")");
        }
        return switch (encoding) {
            case "base64" -> Base64.getMimeDecoder().wrap(message);
            case "quoted-printable" -> new QuotedPrintableInputStream(message);
            case "", "7bit", "8bit", "binary" -> message;
            default -> throw new BatchFormatException("unknown Content-Transfer-Encoding " + encoding);
        };
    }

    /** The header section, up to and without the blank line. */
    private static String header(InputStream in) throws BatchFormatException, IOException {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        int previous = -1;
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n' && (previous == '\n' || endsWithBlankCrLf(header))) {
                return header.toString(StandardCharsets.UTF_8);
            }
            header.write(b);
            previous = b;
            if (header.size() > MAX_HEADER) {
                throw new BatchFormatException("a header larger than " + MAX_HEADER + " octets");
            }
        }
        throw new BatchFormatException("a message without a body");
    }

    private static boolean endsWithBlankCrLf(ByteArrayOutputStream header) {
        byte[] bytes = header.toByteArray();
        int n = bytes.length;
        return n >= 2 && bytes[n - 1] == '\r' && bytes[n - 2] == '\n';
    }
}
