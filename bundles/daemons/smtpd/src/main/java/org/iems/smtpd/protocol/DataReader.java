package org.iems.smtpd.protocol;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Reads the message text after DATA (RFC 5321 section 4.1.1.4), as bytes arrive in chunks of
 * any size: removes the dot-stuffing (section 4.5.2) and stops right after the terminating
 * {@code CRLF . CRLF}, leaving what follows (pipelined commands) to the caller.
 *
 * <p>Only {@code CRLF . CRLF} ends the data. A bare CR or a bare LF anywhere in the text is
 * noted and the message must be refused ({@link Outcome#BARE_LINE_ENDING}): then no sequence
 * such as {@code LF . LF} or {@code LF . CRLF} can end one message for IEMS and another for the
 * next hop, which is what SMTP smuggling exploits (section 2.3.8). Messages over the size limit,
 * or with lines over the line limit, are read to their end but only their outcome is reported;
 * what passed the limit is not written.
 */
public final class DataReader {

    /** How a message text ended. */
    public enum Outcome {
        /** Complete and acceptable. */
        OK,
        /** Larger than the limit. */
        TOO_BIG,
        /** A line longer than the limit. */
        LINE_TOO_LONG,
        /** A bare CR or LF: refused against smuggling. */
        BARE_LINE_ENDING;

        /** The reply for a refused message; {@code null} for {@link #OK}. */
        public SmtpReply reply() {
            return switch (this) {
                case OK -> null;
                case TOO_BIG -> Replies.TOO_BIG;
                case LINE_TOO_LONG -> Replies.DATA_LINE_TOO_LONG;
                case BARE_LINE_ENDING -> Replies.BARE_LINE_ENDING;
            };
        }
    }

    private final OutputStream sink;
    private final long maxSize;
    private final int maxLineLength;

    private long size;
    private int lineLength;
    private boolean lineStart = true;
    private boolean heldDot;
    private boolean pendingCr;
    private boolean done;
    private boolean tooBig;
    private boolean lineTooLong;
    private boolean bareLineEnding;

    /**
     * @param sink where the unstuffed message text goes, CRLF line endings kept
     * @param maxSize the size limit in octets (the text as stored, without the stuffing)
     * @param maxLineLength the longest line allowed, in octets without its CRLF (RFC 5321: 998)
     */
    public DataReader(OutputStream sink, long maxSize, int maxLineLength) {
        this.sink = sink;
        this.maxSize = maxSize;
        this.maxLineLength = maxLineLength;
    }

    /**
     * Consumes bytes until the end of the data.
     *
     * @return how many of the given bytes belong to the message text (the rest, if any, follows
     *         the terminating CRLF.CRLF)
     */
    public int feed(byte[] bytes, int offset, int length) throws IOException {
        int i = offset;
        int end = offset + length;
        while (i < end && !done) {
            accept(bytes[i++]);
        }
        return i - offset;
    }

    private void accept(byte b) throws IOException {
        if (pendingCr) {
            pendingCr = false;
            if (b == '\n') {
                endOfLine();
                return;
            }
            bareLineEnding = true;
            content('\r');
        }
        if (b == '\r') {
            pendingCr = true;
        } else if (b == '\n') {
            bareLineEnding = true;
            content('\n');
        } else if (lineStart && b == '.') {
            heldDot = true;
            lineStart = false;
        } else {
            heldDot = false; // a stuffed dot: dropped
            content(b);
        }
    }

    private void endOfLine() throws IOException {
        if (heldDot && lineLength == 0) {
            done = true;
            return;
        }
        write((byte) '\r');
        write((byte) '\n');
        lineLength = 0;
        lineStart = true;
        heldDot = false;
    }

    private void content(int b) throws IOException {
        lineStart = false;
        if (++lineLength > maxLineLength) {
            lineTooLong = true;
        }
        write((byte) b);
    }

    private void write(byte b) throws IOException {
        if (++size > maxSize) {
            tooBig = true;
        }
        if (!tooBig && !lineTooLong && !bareLineEnding) {
            sink.write(b);
        }
    }

    /** Whether the terminating CRLF.CRLF has been read. */
    public boolean done() {
        return done;
    }

    /** The outcome; meaningful once {@link #done()}. Smuggling-relevant faults come first. */
    public Outcome outcome() {
        if (bareLineEnding) {
            return Outcome.BARE_LINE_ENDING;
        }
        if (tooBig) {
            return Outcome.TOO_BIG;
        }
        return lineTooLong ? Outcome.LINE_TOO_LONG : Outcome.OK;
    }

    /** Octets of message text (unstuffed, CRLF endings), counted also past the size limit. */
    public long size() {
        return size;
    }
}
