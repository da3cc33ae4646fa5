package org.iems.smtpd.internal.connection;

import java.io.IOException;
import java.io.OutputStream;
import org.iems.api.blob.BlobId;
import org.iems.api.blob.BlobWriter;
import org.iems.smtpd.protocol.PassThroughHeaderFilter;

/**
 * Where one message's text goes while it arrives: a blob writer that keeps taking bytes after a
 * storage failure (so the protocol can read on to the end of the data and then answer 451), and
 * that discards everything unless committed. Unless the client is a peer, IEMS's pass-through
 * header fields are removed on the way.
 */
final class MessageSink implements AutoCloseable {

    private final BlobWriter writer;
    private final PassThroughHeaderFilter filter;
    private final OutputStream target;
    private final Unfailing stream;
    private IOException failure;

    /**
     * @param writer the blob the text goes to
     * @param keepPassThrough whether X-IEMS-* header fields are kept (the client is a peer)
     */
    MessageSink(BlobWriter writer, boolean keepPassThrough) {
        this.writer = writer;
        this.filter = keepPassThrough ? null : new PassThroughHeaderFilter(writer.stream());
        this.target = keepPassThrough ? writer.stream() : filter;
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
                target.write(b, off, len);
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
        if (filter != null) {
            filter.finish();
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
