package org.iems.smtpd.internal.connection;

import java.io.IOException;
import java.io.OutputStream;
import org.iems.api.blob.BlobId;
import org.iems.api.blob.BlobWriter;

/**
 * Where one message's text goes while it arrives: a blob writer that keeps taking bytes after a
 * storage failure (so the protocol can read on to the end of the data and then answer 451), and
 * that discards everything unless committed.
 */
final class MessageSink implements AutoCloseable {

    private final BlobWriter writer;
    private final Unfailing stream;
    private IOException failure;

    MessageSink(BlobWriter writer) {
        this.writer = writer;
        this.stream = new Unfailing();
    }

    /** An output stream that records the writer's first failure and drops the bytes after it. */
    private final class Unfailing extends OutputStream {
        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (failure != null) {
                return;
            }
            try {
                writer.stream().write(b, off, len);
            } catch (IOException e) {
                failure = e;
            }
        }
    }

    /** The stream to write to; it never throws. */
    OutputStream stream() {
        return stream;
    }

    /** Writes bytes; a failure is remembered, not thrown. */
    void write(byte[] bytes, int offset, int length) {
        stream.write(bytes, offset, length);
    }

    /** Whether writing failed; then {@link #commit()} fails too. */
    boolean failed() {
        return failure != null;
    }

    /** Makes the text durable and returns its blob id. */
    BlobId commit() throws IOException {
        if (failure != null) {
            throw failure;
        }
        return writer.commit();
    }

    /** Octets written so far (the Received header included). */
    long size() {
        return writer.size();
    }

    @Override
    public void close() {
        writer.close();
    }
}
