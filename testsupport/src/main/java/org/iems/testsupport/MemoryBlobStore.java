package org.iems.testsupport;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.iems.api.blob.BlobId;
import org.iems.api.blob.BlobStore;
import org.iems.api.blob.BlobWriter;

/**
 * Blobs held in memory, named by their SHA-256 as the store names them: for tests of the bundles
 * that write and read message bodies (queue, channels, filters, daemons) and need neither files nor
 * collection. Nothing is ever collected; a blob not committed is not kept.
 */
public final class MemoryBlobStore implements BlobStore {

    private final Map<BlobId, byte[]> blobs = new ConcurrentHashMap<>();

    @Override
    public BlobWriter create() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        return new BlobWriter() {
            private boolean done;

            @Override
            public OutputStream stream() {
                return bytes;
            }

            @Override
            public BlobId commit() {
                if (done) {
                    throw new IllegalStateException("blob already committed or closed");
                }
                done = true;
                byte[] content = bytes.toByteArray();
                BlobId id = new BlobId(sha256(content));
                blobs.putIfAbsent(id, content);
                return id;
            }

            @Override
            public long size() {
                return bytes.size();
            }

            @Override
            public void close() {
                done = true;
            }
        };
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    @Override
    public InputStream open(BlobId id) throws IOException {
        return new ByteArrayInputStream(bytes(id));
    }

    @Override
    public long size(BlobId id) throws IOException {
        return bytes(id).length;
    }

    private byte[] bytes(BlobId id) throws IOException {
        byte[] content = blobs.get(id);
        if (content == null) {
            throw new IOException("no blob " + id.hex());
        }
        return content;
    }

    @Override
    public int collectGarbage() {
        return 0;
    }

    /**
     * How many blobs are held.
     *
     * @return the count
     */
    public int count() {
        return blobs.size();
    }
}
