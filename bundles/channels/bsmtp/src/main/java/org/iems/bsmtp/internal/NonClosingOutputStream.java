package org.iems.bsmtp.internal;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Passes writes on, and on close only flushes: for a writer that must close its stream (a base64
 * encoder finishing its last line, the batch reader ending a message's text) while the stream
 * below, a blob's, stays open until it is committed.
 */
final class NonClosingOutputStream extends FilterOutputStream {

    NonClosingOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
        flush();
    }
}
