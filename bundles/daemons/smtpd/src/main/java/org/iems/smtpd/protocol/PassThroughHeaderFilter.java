package org.iems.smtpd.protocol;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.iems.api.mail.PassThroughHeader;

/**
 * Removes IEMS's pass-through header fields ({@code X-IEMS-*}, any case, with their folded
 * continuation lines) from the header section of a message as it streams by; the body passes
 * untouched. A client that is not a peer cannot so plant a verdict (a spam score, a virus
 * result) that IEMS's own filters or a user's rules would believe. It holds at most the first
 * seven octets of a field name.
 */
public final class PassThroughHeaderFilter extends FilterOutputStream {

    private static final byte[] PREFIX = PassThroughHeader.lowerCasePrefix();

    private enum State { LINE_START, NAME, LINE, BLANK_LINE_CR, BODY }

    private final byte[] name = new byte[PREFIX.length];
    private int nameLength;
    private State state = State.LINE_START;
    private boolean dropping;

    /**
     * @param out where the message goes
     */
    public PassThroughHeaderFilter(OutputStream out) {
        super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (state == State.BODY) {
            out.write(b, off, len);
            return;
        }
        for (int i = 0; i < len; i++) {
            if (state == State.BODY) {
                out.write(b, off + i, len - i);
                return;
            }
            write(b[off + i]);
        }
    }

    @Override
    public void write(int value) throws IOException {
        byte b = (byte) value;
        switch (state) {
            case BODY -> out.write(b);
            case LINE_START -> lineStart(b);
            case NAME -> name(b);
            case BLANK_LINE_CR -> {
                state = b == '\n' ? State.BODY : State.LINE;
                out.write(b);
            }
            case LINE -> line(b);
        }
    }

    private void lineStart(byte b) throws IOException {
        if (b == ' ' || b == '\t') {
            line(b);
        } else if (b == '\r' || b == '\n') {
            dropping = false;
            state = b == '\r' ? State.BLANK_LINE_CR : State.BODY;
            out.write(b);
        } else {
            dropping = false;
            nameLength = 0;
            state = State.NAME;
            name(b);
        }
    }

    /** The first octets of a field name: dropped while they may still be "X-IEMS-". */
    private void name(byte b) throws IOException {
        byte lower = b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
        if (lower != PREFIX[nameLength]) {
            out.write(name, 0, nameLength);
            state = State.LINE;
            line(b);
            return;
        }
        name[nameLength++] = b;
        if (nameLength == PREFIX.length) {
            dropping = true;
            state = State.LINE;
        }
    }

    private void line(byte b) throws IOException {
        state = b == '\n' ? State.LINE_START : State.LINE;
        if (!dropping) {
            out.write(b);
        }
    }

    /**
     * The message has ended: writes what was held back (the start of a last header line that was
     * not a pass-through field after all) without closing the stream below.
     *
     * @throws IOException if writing failed
     */
    public void finish() throws IOException {
        if (state == State.NAME) {
            out.write(name, 0, nameLength);
            state = State.LINE;
        }
        out.flush();
    }
}
