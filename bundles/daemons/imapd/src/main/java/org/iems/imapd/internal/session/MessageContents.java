package org.iems.imapd.internal.session;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iems.api.blob.BlobId;
import org.iems.api.blob.BlobStore;
import org.iems.api.blob.BlobWriter;
import org.iems.api.store.StoredMessage;
import org.iems.imapd.protocol.Literal;
import org.iems.imapd.protocol.LiteralSpool;
import org.iems.imapd.protocol.mime.Headers;
import org.iems.imapd.protocol.mime.MessageSource;
import org.iems.imapd.protocol.mime.MimeParser;
import org.iems.imapd.protocol.mime.MimePart;

/**
 * Message texts and their MIME structure, shared by all sessions. A stored message's text is its
 * delivery header fields and its blob; blobs never change (they are named by their content), so a
 * parsed structure stays true for the same header fields and blob; the most recently used are kept.
 */
public final class MessageContents {

    private static final int KEPT = 2_000;

    private final BlobStore blobs;
    private final Map<Text, MimePart> structures = new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Text, MimePart> eldest) {
            return size() > KEPT;
        }
    };

    /**
     * @param blobs where message texts are
     */
    public MessageContents(BlobStore blobs) {
        this.blobs = blobs;
    }

    /**
     * Spools literals too large for memory (APPEND messages) straight into blobs.
     *
     * @return the spool
     */
    public LiteralSpool spool() {
        return size -> {
            BlobWriter writer = blobs.create();
            return new LiteralSpool.Spooling() {
                @Override
                public OutputStream stream() {
                    return writer.stream();
                }

                @Override
                public Literal finish() throws IOException {
                    BlobId id = writer.commit();
                    writer.close();
                    return new BlobLiteral(id, writer.size());
                }

                @Override
                public void abandon() {
                    writer.close();
                }
            };
        };
    }

    /**
     * A literal spooled to a blob.
     *
     * @param id the blob
     * @param size its length
     */
    private record BlobLiteral(BlobId id, long size) implements Literal {

        @Override
        public byte[] bytes() {
            throw new IllegalStateException("a spooled literal is kept in a blob, not in memory");
        }
    }


    /** The octets of a literal: from memory, or from the blob it was spooled to. */
    InputStream open(Literal literal) throws IOException {
        return literal instanceof BlobLiteral spooled ? blobs.open(spooled.id())
                : new ByteArrayInputStream(literal.bytes());
    }

    /** A message put together from pieces (CATENATE), in a new blob. */
    record Joined(BlobId id, long size) {
    }

    /** Writes a new blob from pieces, each opened in turn and copied whole. */
    Joined join(List<OctetSource> pieces) throws IOException {
        try (BlobWriter writer = blobs.create()) {
            for (OctetSource piece : pieces) {
                try (InputStream in = piece.open()) {
                    in.transferTo(writer.stream());
                }
            }
            return new Joined(writer.commit(), writer.size());
        }
    }

    /** The blob of an APPEND message: the spooled one, or a new one for a small literal. */
    BlobId keep(Literal literal) throws IOException {
        if (literal instanceof BlobLiteral spooled) {
            return spooled.id();
        }
        try (BlobWriter writer = blobs.create()) {
            writer.stream().write(literal.bytes());
            return writer.commit();
        }
    }

    /** What a message's text is made of: the same for every copy delivered with the same header fields. */
    private record Text(String deliveryHeaders, BlobId body) {

        static Text of(StoredMessage message) {
            return new Text(message.deliveryHeaders(), message.body());
        }
    }

    /**
     * What FETCH and SEARCH may need of one message, each read only when asked for and never the
     * whole text at once: the structure in one streaming pass (cached), the header alone, ranges.
     */
    final class Content {
        private final StoredMessage id;
        private MimePart structure;
        private Headers headers;

        private Content(StoredMessage id) {
            this.id = id;
        }

        /** The message a range at a time, from the blob: never held whole. */
        MessageSource source() {
            return MessageContents.this.source(id);
        }

        /** The structure: from the shared cache, else parsed as the text streams by (never held whole). */
        MimePart structure() throws IOException {
            if (structure == null) {
                structure = cached(id);
            }
            if (structure == null) {
                try (InputStream in = open(id)) {
                    structure = MimeParser.parse(in);
                }
                synchronized (structures) {
                    structures.put(Text.of(id), structure);
                }
            }
            return structure;
        }

        /** The header fields: from the structure if known, else from the header alone. */
        Headers headers() throws IOException {
            if (headers == null) {
                MimePart known = structure != null ? structure : cached(id);
                if (known != null) {
                    headers = known.headers();
                } else {
                    byte[] header = header(id);
                    headers = Headers.parse(header, 0, header.length);
                }
            }
            return headers;
        }
    }

    /** A message's content, read lazily. */
    Content of(StoredMessage message) {
        return new Content(message);
    }

    /** The whole text as a stream: the delivery header fields, then the blob. */
    InputStream open(StoredMessage message) throws IOException {
        return message.open(blobs);
    }

    /** A message's text a range at a time, read from the blob without the octets before or after it. */
    MessageSource source(StoredMessage message) {
        return (from, to) -> {
            InputStream in = open(message);
            try {
                in.skipNBytes(from);
            } catch (IOException e) {
                in.close();
                throw e;
            }
            return new Range(in, to - from);
        };
    }

    /** At most a number of octets of a stream; closing it closes the stream. */
    private static final class Range extends FilterInputStream {
        private long left;

        Range(InputStream in, long length) {
            super(in);
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            left -= b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(buffer, offset, (int) Math.min(length, left));
            left -= Math.max(n, 0);
            return n;
        }
    }

    private MimePart cached(StoredMessage message) {
        synchronized (structures) {
            return structures.get(Text.of(message));
        }
    }


    /** The header alone: read up to the first blank line, never the body. */
    private byte[] header(StoredMessage message) throws IOException {
        try (InputStream in = new BufferedInputStream(open(message), 8192)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
            int previous = -1;
            int b;
            int lineLength = 0;
            while ((b = in.read()) >= 0) {
                out.write(b);
                if (b == '\n') {
                    if (lineLength == 0 || lineLength == 1 && previous == '\r') {
                        break;
                    }
                    lineLength = 0;
                } else {
                    lineLength++;
                }
                previous = b;
            }
            return out.toByteArray();
        }
    }
}
