package org.iems.bsmtp.protocol;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Decodes quoted-printable (RFC 2045 section 6.7) as it is read: {@code =XX} becomes the octet,
 * a {@code =} at a line's end (a soft line break) disappears with the line end; anything else,
 * malformed escapes included, passes as it is.
 */
final class QuotedPrintableInputStream extends FilterInputStream {

    private final int[] pending = new int[3];
    private int pendingCount;
    private int pendingAt;

    QuotedPrintableInputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        if (pendingAt < pendingCount) {
            return pending[pendingAt++];
        }
        int b = in.read();
        if (b != '=') {
            return b;
        }
        int first = in.read();
        if (first == '\r') {
            int second = in.read();
            return second == '\n' ? read() : queue(first, second);
        }
        if (first == '\n') {
            return read();
        }
        int second = in.read();
        int hi = Character.digit(first, 16);
        int lo = Character.digit(second, 16);
        if (hi < 0 || lo < 0) {
            return queue(first, second);
        }
        return hi * 16 + lo;
    }

    /** Passes a malformed escape on as it came: '=' now, the other octets next. */
    private int queue(int first, int second) {
        pendingCount = 0;
        pendingAt = 0;
        if (first >= 0) {
            pending[pendingCount++] = first;
        }
        if (second >= 0) {
            pending[pendingCount++] = second;
        }
        return '=';
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = 0;
        while (n < len) {
            int c = read();
            if (c < 0) {
                return n == 0 ? -1 : n;
            }
            b[off + n++] = (byte) c;
            if (c == '\n') {
                return n;
            }
        }
        return n;
    }
}
