package org.iems.imapd.protocol.mime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Finds the MIME structure of a message (RFC 2045, 2046) in one pass over a stream, holding only
 * header fields: header and body of every part, the parts of multiparts between their boundaries,
 * the message inside message/rfc822. A boundary line ends every part opened inside the multipart
 * it belongs to; the outermost multipart whose boundary a line starts with takes it. Broken input
 * never fails: a multipart without its boundary is read as one text part, nesting deeper than
 * {@link #MAX_DEPTH} is read as opaque octets, header blocks beyond {@link #MAX_HEADER} octets are
 * cut (the offsets stay exact).
 */
public final class MimeParser {

    /** The deepest nesting of multiparts and messages taken apart. */
    public static final int MAX_DEPTH = 40;
    /** The most octets of one header block kept. */
    static final int MAX_HEADER = 1 << 20;
    /** The most octets of a line looked at for a boundary. */
    private static final int MAX_PREFIX = 1024;
    private static final ContentType TEXT_PLAIN = ContentType.parse("text/plain");
    private static final ContentType MESSAGE = ContentType.parse("message/rfc822");
    private static final ContentType OCTETS = ContentType.parse("application/octet-stream");

    /** A part being read: its header until the blank line, then its body until something ends it. */
    private static final class Frame {
        final long headerStart;
        final ContentType defaultType;
        final int depth;
        final ByteArrayOutputStream header = new ByteArrayOutputStream();
        long bodyStart = -1;
        long newlinesAtBodyStart;
        Headers headers;
        ContentType type;
        byte[] delimiter;
        boolean closed;
        boolean hasChild;
        final List<MimePart> children = new ArrayList<>();
        MimePart inner;

        Frame(long headerStart, ContentType defaultType, int depth) {
            this.headerStart = headerStart;
            this.defaultType = defaultType;
            this.depth = depth;
        }

        boolean takesBoundaries() {
            return delimiter != null && !closed;
        }
    }

    private final InputStream in;
    /** Read ahead a block at a time: the parser looks at every octet once. */
    private final byte[] block = new byte[65536];
    private int blockAt;
    private int blockEnd;
    private final Deque<Frame> open = new ArrayDeque<>();
    private final byte[] prefix = new byte[MAX_PREFIX];
    private long offset;
    private long newlines;
    private boolean previousLf;
    private boolean previousCrLf;

    private MimeParser(InputStream in) {
        this.in = in;
    }

    /**
     * Parses a message.
     *
     * @param message its octets, read to the end
     * @return its structure
     * @throws IOException if the stream fails
     */
    public static MimePart parse(InputStream message) throws IOException {
        return new MimeParser(message).run();
    }

    /**
     * Parses a message held in memory.
     *
     * @param message its octets
     * @return its structure
     */
    public static MimePart parse(byte[] message) {
        try {
            return parse(new java.io.ByteArrayInputStream(message));
        } catch (IOException e) {
            throw new IllegalStateException("a byte array does not fail", e);
        }
    }

    private MimePart run() throws IOException {
        open.push(new Frame(0, TEXT_PLAIN, 0));
        MimePart[] root = new MimePart[1];
        while (true) {
            long lineStart = offset;
            int kept = 0;
            long length = 0;
            int b;
            int last = -1;
            int beforeLast = -1;
            Frame top = open.peek();
            boolean inHeader = top.bodyStart < 0;
            while ((b = next()) >= 0) {
                if (kept < MAX_PREFIX) {
                    prefix[kept++] = (byte) b;
                }
                if (inHeader && top.header.size() < MAX_HEADER) {
                    top.header.write(b);
                }
                length++;
                beforeLast = last;
                last = b;
                if (b == '\n') {
                    break;
                }
            }
            if (length == 0) {
                break;
            }
            offset += length;
            Frame matched = boundaryOwner(kept);
            if (matched != null) {
                if (inHeader) {
                    // the boundary line is no header line of the part it ends
                    trimHeader(top, length);
                }
                long end = beforeLineBreak(lineStart, matched.bodyStart);
                long newlinesAtEnd = newlines - (end < lineStart ? 1 : 0);
                closeAbove(matched, end, newlinesAtEnd, root);
                int after = matched.delimiter.length;
                boolean closing = kept >= after + 2 && prefix[after] == '-' && prefix[after + 1] == '-';
                if (closing) {
                    matched.closed = true;
                } else {
                    matched.hasChild = true;
                    open.push(new Frame(offset, childDefault(matched), matched.depth + 1));
                }
            } else if (inHeader && (length == 1 && last == '\n' || length == 2 && last == '\n' && beforeLast == '\r')) {
                endHeader(top, offset);
            }
            if (last == '\n') {
                newlines++;
            }
            previousLf = last == '\n';
            previousCrLf = previousLf && beforeLast == '\r';
        }
        closeAbove(null, offset, newlines, root);
        return root[0];
    }

    private int next() throws IOException {
        if (blockAt == blockEnd) {
            blockEnd = in.readNBytes(block, 0, block.length);
            blockAt = 0;
            if (blockEnd <= 0) {
                blockEnd = 0;
                return -1;
            }
        }
        return block[blockAt++] & 0xff;
    }

    private static ContentType childDefault(Frame multipart) {
        return multipart.type.subtype().equals("digest") ? MESSAGE : TEXT_PLAIN;
    }

    /** The outermost multipart whose boundary the line starts with, if any. */
    private Frame boundaryOwner(int kept) {
        Iterator<Frame> outermostFirst = open.descendingIterator();
        while (outermostFirst.hasNext()) {
            Frame f = outermostFirst.next();
            if (f.takesBoundaries() && startsWith(kept, f.delimiter)) {
                return f;
            }
        }
        return null;
    }

    private boolean startsWith(int kept, byte[] delimiter) {
        if (kept < delimiter.length) {
            return false;
        }
        for (int i = 0; i < delimiter.length; i++) {
            if (prefix[i] != delimiter[i]) {
                return false;
            }
        }
        return true;
    }

    private static void trimHeader(Frame f, long lineLength) {
        byte[] kept = f.header.toByteArray();
        int keep = (int) Math.max(0, Math.min(kept.length, kept.length - lineLength));
        f.header.reset();
        f.header.write(kept, 0, keep);
    }

    /** The CRLF before a boundary belongs to the boundary (RFC 2046 section 5.1.1). */
    private long beforeLineBreak(long lineStart, long floor) {
        long end = lineStart;
        if (end > floor && previousLf) {
            end--;
            if (end > floor && previousCrLf) {
                end--;
            }
        }
        return end;
    }

    /** The blank line: the part's type is known, and a message/rfc822 body starts a message. */
    private void endHeader(Frame f, long bodyStart) {
        f.bodyStart = bodyStart;
        f.newlinesAtBodyStart = newlines + 1;
        byte[] header = f.header.toByteArray();
        typeOf(f, header, header.length);
        if (f.type.value().equals("message/rfc822")) {
            open.push(new Frame(bodyStart, TEXT_PLAIN, f.depth + 1));
        }
    }

    private static void typeOf(Frame f, byte[] header, int length) {
        f.headers = Headers.parse(header, 0, length);
        ContentType declared = f.headers.first("Content-Type").map(ContentType::parse)
                .filter(t -> !t.type().isEmpty() && !t.subtype().isEmpty()).orElse(f.defaultType);
        boolean tooDeep = f.depth >= MAX_DEPTH
                && (declared.type().equals("multipart") || declared.value().equals("message/rfc822"));
        f.type = tooDeep ? OCTETS : declared;
        if (f.type.type().equals("multipart")) {
            Optional<String> boundary = f.type.parameter("boundary").filter(b -> !b.isEmpty());
            f.delimiter = boundary.map(b -> ("--" + b).getBytes(StandardCharsets.ISO_8859_1)).orElse(null);
        }
    }

    /** Ends every part opened inside {@code keep} (all of them when null) at {@code end}. */
    private void closeAbove(Frame keep, long end, long newlinesAtEnd, MimePart[] root) {
        while (!open.isEmpty() && open.peek() != keep) {
            Frame f = open.pop();
            Frame parent = open.peek();
            if (parent != null && parent != keep && parent.delimiter != null && f.headerStart >= end) {
                // a boundary line with nothing after it in its multipart: no part
                continue;
            }
            if (parent != null && parent.delimiter == null && f.headerStart > end) {
                // a message begun after a blank line the boundary took back: its part is all header
                continue;
            }
            MimePart part = close(f, Math.max(f.headerStart, end), newlinesAtEnd);
            if (parent == null) {
                root[0] = part;
            } else if (parent.type != null && parent.type.type().equals("multipart")) {
                parent.children.add(part);
            } else {
                parent.inner = part;
            }
        }
    }

    private MimePart close(Frame f, long end, long newlinesAtEnd) {
        if (f.bodyStart < 0 || f.bodyStart > end) {
            // no blank line (or only the one before a boundary, which the boundary takes): all of it is header
            byte[] header = f.header.toByteArray();
            f.bodyStart = end;
            f.newlinesAtBodyStart = newlinesAtEnd;
            typeOf(f, header, (int) Math.min(header.length, end - f.headerStart));
            if (f.type.value().equals("message/rfc822")) {
                Frame empty = new Frame(end, TEXT_PLAIN, f.depth + 1);
                empty.headers = Headers.parse(new byte[0], 0, 0);
                f.inner = close(empty, end, newlinesAtEnd);
            }
        }
        int lines = (int) Math.max(0, newlinesAtEnd - f.newlinesAtBodyStart);
        if (f.type.type().equals("multipart")) {
            List<MimePart> children = f.delimiter == null ? List.of() : List.copyOf(f.children);
            return new MimePart((int) f.headerStart, (int) f.bodyStart, (int) end, f.headers,
                    children.isEmpty() ? TEXT_PLAIN : f.type, lines, children, Optional.empty());
        }
        return new MimePart((int) f.headerStart, (int) f.bodyStart, (int) end, f.headers, f.type, lines, List.of(),
                Optional.ofNullable(f.inner));
    }
}
