package org.iems.store.internal.blob;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.iems.api.blob.BlobId;
import org.iems.api.blob.BlobWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes one blob to a temporary file, hashing as it goes. */
final class FileBlobWriter implements BlobWriter {

    private static final Logger LOG = LoggerFactory.getLogger(FileBlobWriter.class);
    private static final int BUFFER = 64 * 1024;

    private final FileBlobStore store;
    private final Path temporary;
    private final FileChannel channel;
    private final MessageDigest digest;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
    private final OutputStream stream = new Stream();
    private long size;
    private boolean finished;

    FileBlobWriter(FileBlobStore store, Path temporary) throws IOException {
        this.store = store;
        this.temporary = temporary;
        this.channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            channel.close();
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    @Override
    public OutputStream stream() {
        return stream;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public BlobId commit() throws IOException {
        if (finished) {
            throw new IllegalStateException("blob already committed or closed");
        }
        drain();
        channel.force(true);
        channel.close();
        finished = true;
        return store.install(temporary, new BlobId(HexFormat.of().formatHex(digest.digest())));
    }

    private void drain() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        buffer.clear();
    }

    @Override
    public void close() {
        if (finished) {
            return;
        }
        finished = true;
        try {
            channel.close();
            Files.deleteIfExists(temporary);
        } catch (IOException e) {
            // the stale temporary file is removed by the next garbage collection
            LOG.warn("Cannot remove abandoned blob file {}: {}", temporary, e.getMessage());
        }
    }

    /** The writer's stream: buffers, hashes, counts. */
    private final class Stream extends OutputStream {

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (finished) {
                throw new IOException("blob already committed or closed");
            }
            digest.update(bytes, offset, length);
            size += length;
            int pos = offset;
            int end = offset + length;
            while (pos < end) {
                int n = Math.min(buffer.remaining(), end - pos);
                buffer.put(bytes, pos, n);
                pos += n;
                if (!buffer.hasRemaining()) {
                    drain();
                }
            }
        }
    }
}
