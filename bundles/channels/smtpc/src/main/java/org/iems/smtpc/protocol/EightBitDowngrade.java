package org.iems.smtpc.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes an 8BITMIME message fit a server without 8BITMIME (RFC 6152 section 3): every MIME part
 * declared {@code 8bit} or {@code binary} is re-encoded as quoted-printable (RFC 2045 section 6.7),
 * multiparts and attached messages declared 8bit are relabelled 7bit and their parts converted in
 * turn. Parts already 7bit, base64 or quoted-printable pass untouched. The work is done line by
 * line, following the boundaries, so a message of any size streams through.
 */
final class EightBitDowngrade implements LineSink {

    private static final Pattern BOUNDARY = Pattern.compile("(?i)(?:^|;)\\s*boundary\\s*=\\s*(?:\"([^\"]*)\"|([^;\\s]+))");
    private static final int MAX_QP_LINE = 76;
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    private enum State { HEADER, COPY, ENCODE }

    private final LineSink next;
    private final Deque<String> boundaries = new ArrayDeque<>();
    private HeaderFields header = new HeaderFields();
    private State state = State.HEADER;

    EightBitDowngrade(LineSink next) {
        this.next = next;
    }

    @Override
    public void line(byte[] line, int length) throws IOException {
        if (state == State.HEADER) {
            if (length == 0) {
                endOfHeader();
            } else {
                header.add(line, length);
            }
            return;
        }
        if (length > 2 && line[0] == '-' && line[1] == '-' && boundaryLine(line, length)) {
            return;
        }
        if (state == State.ENCODE) {
            encode(line, length);
        } else {
            next.line(line, length);
        }
    }

    @Override
    public void end() throws IOException {
        if (state == State.HEADER) {
            header.flushTo(next);
        }
        next.end();
    }

    /** A delimiter of an enclosing multipart ends the current part: the next part's header follows. */
    private boolean boundaryLine(byte[] line, int length) throws IOException {
        String text = new String(line, 0, length, StandardCharsets.ISO_8859_1).stripTrailing();
        Iterator<String> open = boundaries.iterator();
        int depth = 0;
        while (open.hasNext()) {
            String boundary = open.next();
            depth++;
            boolean close = text.equals("--" + boundary + "--");
            if (close || text.equals("--" + boundary)) {
                for (int i = 1; i < depth; i++) {
                    boundaries.pop();
                }
                if (close) {
                    boundaries.pop();
                    state = State.COPY;
                } else {
                    state = State.HEADER;
                    header = new HeaderFields();
                }
                next.line(line, length);
                return true;
            }
        }
        return false;
    }

    private void endOfHeader() throws IOException {
        String type = header.valueOf("Content-Type");
        String encoding = header.valueOf("Content-Transfer-Encoding");
        boolean eightBit = encoding.equals("8bit") || encoding.equals("binary");
        Matcher boundary = BOUNDARY.matcher(rawValue("Content-Type"));
        if (type.startsWith("multipart/") && boundary.find()) {
            relabel(eightBit, "7bit");
            boundaries.push(boundary.group(1) != null ? boundary.group(1) : boundary.group(2));
            finishHeader(State.COPY);
        } else if (type.startsWith("message/rfc822") && eightBit) {
            relabel(true, "7bit");
            finishHeader(State.HEADER);
        } else if (eightBit) {
            relabel(true, "quoted-printable");
            finishHeader(State.ENCODE);
        } else {
            finishHeader(State.COPY);
        }
    }

    private String rawValue(String name) {
        return header.fields().stream().filter(f -> f.named(name)).findFirst().map(HeaderFields.Field::value).orElse("");
    }

    private void relabel(boolean needed, String encoding) {
        if (needed) {
            header.set("Content-Transfer-Encoding", encoding);
        }
    }

    private void finishHeader(State bodyState) throws IOException {
        header.flushTo(next);
        next.line(new byte[0], 0);
        header = new HeaderFields();
        state = bodyState;
    }

    /** Writes one line as quoted-printable lines: a hard line end after it, soft ones within. */
    private void encode(byte[] line, int length) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(length * 3, MAX_QP_LINE) + 2);
        for (int i = 0; i < length; i++) {
            int b = line[i] & 0xff;
            boolean last = i == length - 1;
            boolean literal = (b >= 33 && b <= 126 && b != '=') || ((b == ' ' || b == '\t') && !last);
            int width = literal ? 1 : 3;
            if (out.size() + width > MAX_QP_LINE - 1) {
                out.write('=');
                next.line(out.toByteArray(), out.size());
                out.reset();
            }
            if (literal) {
                out.write(b);
            } else {
                out.write('=');
                out.write(HEX[b >> 4]);
                out.write(HEX[b & 15]);
            }
        }
        next.line(out.toByteArray(), out.size());
    }
}
