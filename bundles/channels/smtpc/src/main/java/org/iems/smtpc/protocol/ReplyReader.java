package org.iems.smtpc.protocol;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads replies from a server: lines ending in CRLF (a bare LF is accepted), {@code 250-} lines
 * continuing and {@code 250 } ending a reply. A reply that breaks the syntax, a line longer than
 * {@link #MAX_LINE} or a reply of more than {@link #MAX_LINES} lines is a
 * {@link SmtpProtocolException}; the connection cannot be trusted after it.
 */
public final class ReplyReader {

    /** The longest reply line accepted (RFC 5321 allows 512; some servers send more). */
    public static final int MAX_LINE = 8192;
    /** The most lines of one reply. */
    public static final int MAX_LINES = 200;

    private final InputStream in;

    /**
     * @param in the server's side of the connection (buffered by the caller)
     */
    public ReplyReader(InputStream in) {
        this.in = in;
    }

    /**
     * Reads one whole reply.
     *
     * @return the reply
     * @throws SmtpProtocolException if the server broke the reply syntax
     * @throws IOException if the connection failed or closed
     */
    public Reply read() throws IOException {
        List<String> lines = new ArrayList<>();
        int code = -1;
        while (true) {
            String line = readLine();
            if (line.length() < 3 || !Character.isDigit(line.charAt(0)) || !Character.isDigit(line.charAt(1))
                    || !Character.isDigit(line.charAt(2)) || line.charAt(0) < '2' || line.charAt(0) > '5') {
                throw new SmtpProtocolException("malformed reply line: " + printable(line));
            }
            int lineCode = Integer.parseInt(line.substring(0, 3));
            if (code >= 0 && lineCode != code) {
                throw new SmtpProtocolException("reply code changed within a reply: " + printable(line));
            }
            code = lineCode;
            char separator = line.length() > 3 ? line.charAt(3) : ' ';
            if (separator != ' ' && separator != '-') {
                throw new SmtpProtocolException("malformed reply line: " + printable(line));
            }
            lines.add(line.length() > 4 ? line.substring(4) : "");
            if (separator == ' ') {
                return new Reply(code, lines);
            }
            if (lines.size() >= MAX_LINES) {
                throw new SmtpProtocolException("reply of more than " + MAX_LINES + " lines");
            }
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(80);
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException("connection closed by the server");
            }
            if (line.size() >= MAX_LINE) {
                throw new SmtpProtocolException("reply line longer than " + MAX_LINE + " octets");
            }
            line.write(b);
        }
        byte[] bytes = line.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    private static String printable(String line) {
        String shown = line.length() > 100 ? line.substring(0, 100) + "…" : line;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
