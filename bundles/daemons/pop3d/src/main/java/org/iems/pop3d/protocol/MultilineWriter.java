package org.iems.pop3d.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Writes a message as a POP3 multi-line response body (RFC 1939 section 3): a line starting
 * with "." gets another one in front, the text ends with CRLF, and "." CRLF closes it. For TOP,
 * only the header, the blank line and the first lines of the body.
 */
final class MultilineWriter {

    private static final int BUFFER = 64 * 1024;
    private static final int ALL = -1;

    private final OutputStream out;
    private final long bodyLines;
    private boolean atLineStart = true;
    private int lineLength;
    private boolean inHeader = true;
    private long bodyLinesWritten;
    private boolean done;

    private MultilineWriter(OutputStream out, long bodyLines) {
        this.out = out;
        this.bodyLines = bodyLines;
    }

    /** Writes the whole message. */
    static void whole(InputStream in, OutputStream out) throws IOException {
        new MultilineWriter(out, ALL).copy(in);
    }

    /** Writes the header and the first {@code bodyLines} lines of the body (TOP). */
    static void top(InputStream in, OutputStream out, long bodyLines) throws IOException {
        new MultilineWriter(out, bodyLines).copy(in);
    }

    private void copy(InputStream in) throws IOException {
        byte[] buffer = new byte[BUFFER];
        int n;
        while (!done && (n = in.read(buffer)) > 0) {
            for (int i = 0; i < n && !done; i++) {
                put(buffer[i]);
            }
        }
        if (!atLineStart) {
            out.write('\r');
            out.write('\n');
        }
        out.write('.');
        out.write('\r');
        out.write('\n');
    }

    private void put(byte b) throws IOException {
        if (atLineStart && b == '.') {
            out.write('.');
        }
        out.write(b);
        if (b != '\n') {
            atLineStart = false;
            lineLength++;
            return;
        }
        boolean blank = lineLength == 0 || lineLength == 1; // "\n" or "\r\n"
        atLineStart = true;
        lineLength = 0;
        if (inHeader) {
            inHeader = !blank;
            done = !inHeader && bodyLines == 0;
        } else {
            bodyLinesWritten++;
            done = bodyLines != ALL && bodyLinesWritten >= bodyLines;
        }
    }
}
