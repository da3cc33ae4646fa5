package org.iems.imapd.internal.session;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.iems.imapd.protocol.ResponseBuilder;

/**
 * Writes responses (RFC 3501 section 7) to the connection's output, untagged, tagged and
 * continuation; deflated once COMPRESS=DEFLATE is on (RFC 4978), each flush a sync flush so the
 * client can read every response it was sent.
 */
final class Responses {

    /** zlib's default: most of the gain of level 9 at a fraction of its CPU. */
    private static final int COMPRESSION_LEVEL = 6;

    private OutputStream out;
    private Deflater deflater;

    Responses(OutputStream out) {
        this.out = out;
    }

    /** Deflates everything written from now on (raw DEFLATE, RFC 1951, as RFC 4978 section 3 asks). */
    void compress() {
        deflater = new Deflater(COMPRESSION_LEVEL, true);
        out = new DeflaterOutputStream(out, deflater, 8192, true);
    }

    boolean compressed() {
        return deflater != null;
    }

    /** Frees the deflater's native memory; nothing is written after. */
    void end() {
        if (deflater != null) {
            deflater.end();
        }
    }

    void untagged(String text) throws IOException {
        line("* " + text);
    }

    void untagged(ResponseBuilder response) throws IOException {
        out.write('*');
        out.write(' ');
        out.write(response.toBytes());
        out.write('\r');
        out.write('\n');
    }

    void tagged(String tag, String status, String text) throws IOException {
        line(tag + " " + status + " " + text);
    }

    void continuation(String text) throws IOException {
        line("+ " + text);
    }

    /** A response whose middle is a large literal read from storage. */
    void untaggedWithLiteral(ResponseBuilder head, InputStream body, long size, ResponseBuilder tail)
            throws IOException {
        out.write('*');
        out.write(' ');
        out.write(head.toBytes());
        out.write(("{" + size + "}\r\n").getBytes(StandardCharsets.US_ASCII));
        long copied = body.transferTo(out);
        if (copied != size) {
            throw new IOException("message text changed size: " + copied + " octets, " + size + " announced");
        }
        out.write(tail.toBytes());
        out.write('\r');
        out.write('\n');
    }

    void flush() throws IOException {
        out.flush();
    }

    private void line(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.write('\r');
        out.write('\n');
    }
}
