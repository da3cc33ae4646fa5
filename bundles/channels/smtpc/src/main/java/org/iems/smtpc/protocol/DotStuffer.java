package org.iems.smtpc.protocol;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The last stage: writes each line with CR LF, doubles a leading dot (RFC 5321 section 4.5.2)
 * and ends the data with the line holding a single dot.
 */
final class DotStuffer implements LineSink {

    private static final byte[] CRLF = {'\r', '\n'};

    private final OutputStream out;

    DotStuffer(OutputStream out) {
        this.out = out;
    }

    @Override
    public void line(byte[] line, int length) throws IOException {
        if (length > 0 && line[0] == '.') {
            out.write('.');
        }
        out.write(line, 0, length);
        out.write(CRLF);
    }

    @Override
    public void end() throws IOException {
        out.write(new byte[] {'.', '\r', '\n'});
    }
}
