package org.iems.imapd.internal.session;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.iems.imapd.protocol.ResponseBuilder;

/** Writes responses (RFC 3501 section 7) to the connection's output, untagged, tagged and continuation. */
final class Responses {

    private final OutputStream out;

    Responses(OutputStream out) {
        this.out = out;
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
