package org.iems.smtpc.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * Writes a stored message as the data of an SMTP transaction: line ends made CR LF, lines longer
 * than {@link #MAX_LINE} octets broken (RFC 5321 section 4.5.3.1.6), pass-through headers handled
 * for the destination, optionally 8-bit parts downgraded, dots stuffed and the final dot written.
 */
public final class MessageTransmitter {

    /** The longest line sent, without CR LF; longer lines are broken. */
    public static final int MAX_LINE = 998;

    private MessageTransmitter() {
    }

    /**
     * Sends a message.
     *
     * @param message the stored message
     * @param out the connection (buffered by the caller)
     * @param tags the pass-through tags to write for a peer destination; empty for any other,
     *        which also has the message's own {@code X-IEMS-*} headers removed
     * @param downgrade whether 8-bit parts are re-encoded (the server lacks 8BITMIME)
     * @throws IOException if reading the message or writing to the connection failed
     */
    public static void send(InputStream message, OutputStream out, Map<String, String> tags, boolean downgrade)
            throws IOException {
        LineSink sink = new DotStuffer(out);
        if (downgrade) {
            sink = new EightBitDowngrade(sink);
        }
        sink = new PassThroughHeaders(sink, tags);
        byte[] line = new byte[MAX_LINE + 1];
        int length = 0;
        byte[] buffer = new byte[16384];
        int n;
        boolean pendingCr = false;
        while ((n = message.read(buffer)) > 0) {
            for (int i = 0; i < n; i++) {
                byte b = buffer[i];
                if (b == '\n') {
                    sink.line(line, length);
                    length = 0;
                    pendingCr = false;
                    continue;
                }
                if (pendingCr) {
                    line[length++] = '\r';
                }
                pendingCr = b == '\r';
                if (!pendingCr) {
                    line[length++] = b;
                }
                if (length >= MAX_LINE) {
                    sink.line(line, length);
                    length = 0;
                }
            }
        }
        if (pendingCr) {
            line[length++] = '\r';
        }
        if (length > 0) {
            sink.line(line, length);
        }
        sink.end();
    }
}
