package org.iems.api.net;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * Splits what a client sends into command lines, the framing of the line-based daemons (SMTP
 * commands, POP3): a line ends at LF; one longer than the limit is not kept but reported as too
 * long once its end arrives, so a client cannot make the server buffer without bound. Feed it the
 * bytes of each read and take the lines as they complete.
 *
 * @since 2.2
 */
public final class LineFramer {

    /**
     * One line the client ended.
     *
     * @param text the line without its end, decoded as UTF-8; empty when too long
     * @param crlf whether it ended in CRLF (else in a bare LF); false for a line too long
     * @param tooLong whether it exceeded the limit (its text was dropped)
     */
    public record Line(String text, boolean crlf, boolean tooLong) {
    }

    private final IntSupplier maxLength;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private boolean tooLong;
    private Line complete;

    /**
     * @param maxLength the longest line in octets without its CRLF, asked at each read (it may
     *        change with the configuration)
     */
    public LineFramer(IntSupplier maxLength) {
        this.maxLength = maxLength;
    }

    /**
     * Takes bytes up to and including the next LF, or all that are left.
     *
     * @param data the bytes read
     * @param from where to start
     * @return how many bytes were taken; when they ended a line, {@link #take()} gives it
     */
    public int feed(byte[] data, int from) {
        int end = from;
        while (end < data.length && data[end] != '\n') {
            end++;
        }
        append(data, from, end - from);
        if (end == data.length) {
            return end - from;
        }
        byte[] bytes = buffer.toByteArray();
        buffer.reset();
        boolean crlf = bytes.length > 0 && bytes[bytes.length - 1] == '\r';
        complete = tooLong ? new Line("", false, true)
                : new Line(new String(bytes, 0, crlf ? bytes.length - 1 : bytes.length, StandardCharsets.UTF_8), crlf,
                        false);
        tooLong = false;
        return end + 1 - from;
    }

    private void append(byte[] data, int from, int length) {
        if (tooLong) {
            return;
        }
        // the limit counts the line without CRLF; one octet more leaves room for the CR
        if (buffer.size() + length > maxLength.getAsInt() + 1) {
            tooLong = true;
            buffer.reset();
            return;
        }
        buffer.write(data, from, length);
    }

    /**
     * The line the last {@link #feed} ended, once.
     *
     * @return the line, or empty if it ended none
     */
    public Optional<Line> take() {
        Line line = complete;
        complete = null;
        return Optional.ofNullable(line);
    }

    /**
     * Forgets a line begun: what the client sent after STARTTLS, before TLS, is dropped this way.
     */
    public void reset() {
        buffer.reset();
        tooLong = false;
        complete = null;
    }
}
