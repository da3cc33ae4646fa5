package org.iems.api.net;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * A connection as an output stream: collects a protocol's responses and hands them to
 * {@link Connection#write} in pieces of at most 64 KB when flushed or full, so a handler that
 * streams a large message holds bounded memory. Not thread-safe: one writer at a time.
 */
public final class ConnectionOutputStream extends OutputStream {

    private static final int CHUNK = 64 * 1024;

    private final Connection connection;
    private final byte[] buffer = new byte[CHUNK];
    private int used;

    /**
     * @param connection where the bytes go
     */
    public ConnectionOutputStream(Connection connection) {
        this.connection = connection;
    }

    @Override
    public void write(int b) {
        if (used == CHUNK) {
            flush();
        }
        buffer[used++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        int at = offset;
        int end = offset + length;
        while (at < end) {
            if (used == CHUNK) {
                flush();
            }
            int n = Math.min(CHUNK - used, end - at);
            System.arraycopy(bytes, at, buffer, used, n);
            used += n;
            at += n;
        }
    }

    @Override
    public void flush() {
        if (used > 0) {
            connection.write(Arrays.copyOf(buffer, used));
            used = 0;
        }
    }
}
