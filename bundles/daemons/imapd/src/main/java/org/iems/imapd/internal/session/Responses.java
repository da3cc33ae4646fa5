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

    /** A FETCH response whose literals are read from storage as they are written. */
    void untagged(FetchResponse response) throws IOException {
        out.write('*');
        out.write(' ');
        for (Object piece : response.pieces()) {
            if (piece instanceof ResponseBuilder text) {
                out.write(text.toBytes());
            } else {
                FetchResponse.Streamed literal = (FetchResponse.Streamed) piece;
                try (InputStream in = literal.opener().open()) {
                    long copied = copy(in, literal.size());
                    if (copied != literal.size()) {
                        throw new IOException("message text changed size: " + copied + " octets, " + literal.size()
                                + " announced");
                    }
                }
            }
        }
        out.write('\r');
        out.write('\n');
    }

    private long copy(InputStream in, long size) throws IOException {
        byte[] buffer = new byte[8192];
        long copied = 0;
        while (copied < size) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, size - copied));
            if (n < 0) {
                break;
            }
            out.write(buffer, 0, n);
            copied += n;
        }
        return copied;
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
