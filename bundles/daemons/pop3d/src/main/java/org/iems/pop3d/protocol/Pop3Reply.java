package org.iems.pop3d.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One response: a status line, for multi-line responses the lines or message text that follow
 * (dot-stuffed and terminated when written), and what the connection does next.
 */
public final class Pop3Reply {

    /** What the connection does after sending the reply. */
    public enum Next {
        /** Read the next command. */
        READ,
        /** Start TLS (STLS), dropping any input read so far. */
        START_TLS,
        /** Close the connection. */
        CLOSE
    }

    private final String status;
    private final List<String> lines;
    private final InputStream text;
    private final long topLines;
    private final Next next;

    private Pop3Reply(String status, List<String> lines, InputStream text, long topLines, Next next) {
        this.status = status;
        this.lines = lines;
        this.text = text;
        this.topLines = topLines;
        this.next = next;
    }

    /** A positive single-line reply. */
    static Pop3Reply ok(String text) {
        return new Pop3Reply(text.isEmpty() ? "+OK" : "+OK " + text, null, null, -1, Next.READ);
    }

    /** A negative reply; {@code text} may start with a response code such as {@code [AUTH]}. */
    static Pop3Reply err(String text) {
        return new Pop3Reply("-ERR " + text, null, null, -1, Next.READ);
    }

    /** A SASL continuation ({@code +} and a base64 challenge, empty for PLAIN). */
    static Pop3Reply continuation() {
        return new Pop3Reply("+ ", null, null, -1, Next.READ);
    }

    /** A positive reply followed by lines (CAPA, LIST, UIDL). */
    static Pop3Reply list(String text, List<String> lines) {
        return new Pop3Reply("+OK " + text, List.copyOf(lines), null, -1, Next.READ);
    }

    /** A positive reply followed by a message's text, all of it or (TOP) its header and some lines. */
    static Pop3Reply message(String text, InputStream body, long topLines) {
        return new Pop3Reply("+OK " + text, null, body, topLines, Next.READ);
    }

    /** The same reply, followed by another action. */
    Pop3Reply then(Next action) {
        return new Pop3Reply(status, lines, text, topLines, action);
    }

    /**
     * Tells whether the reply is positive.
     *
     * @return whether the status is {@code +OK} (or a continuation)
     */
    public boolean positive() {
        return status.startsWith("+");
    }

    /**
     * The status line, without CRLF.
     *
     * @return for example {@code +OK 2 messages}
     */
    public String status() {
        return status;
    }

    /**
     * What the connection does next.
     *
     * @return the action
     */
    public Next next() {
        return next;
    }

    /**
     * Writes the reply: status line, then for multi-line replies the dot-stuffed lines or text and
     * the terminating line. The message text is read here, and closed.
     *
     * @param out where to write
     * @throws IOException if the text cannot be read or the output fails
     */
    public void writeTo(OutputStream out) throws IOException {
        out.write((status + "\r\n").getBytes(StandardCharsets.UTF_8));
        if (lines != null) {
            StringBuilder b = new StringBuilder();
            for (String line : lines) {
                b.append(line.startsWith(".") ? "." : "").append(line).append("\r\n");
            }
            out.write(b.append(".\r\n").toString().getBytes(StandardCharsets.UTF_8));
        } else if (text != null) {
            try (InputStream in = text) {
                if (topLines < 0) {
                    MultilineWriter.whole(in, out);
                } else {
                    MultilineWriter.top(in, out, topLines);
                }
            }
        }
    }

    /**
     * Closes the message text of a reply that will not be written (the connection went away).
     *
     * @throws IOException if closing fails
     */
    public void discard() throws IOException {
        if (text != null) {
            text.close();
        }
    }
}
