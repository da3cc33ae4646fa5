package org.iems.imapd.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.Test;

/** COMPRESS=DEFLATE (RFC 4978): raw DEFLATE both ways after the tagged OK, with a client built on java.util.zip. */
class CompressTest extends TrustedLoopbackServer {

    private static final String[] WORDS = {"meeting", "project", "budget", "the", "of", "and", "to", "report",
        "quarter", "please", "review", "attached", "schedule", "team", "customer", "update", "a", "in", "for", "we"};

    /** A plain-text message of a few hundred words, like most mail. */
    private static String message(Random random, int i) {
        StringBuilder body = new StringBuilder();
        for (int w = 0; w < 300; w++) {
            body.append(WORDS[random.nextInt(WORDS.length)]).append(w % 12 == 11 ? "\r\n" : " ");
        }
        return "From: Person " + i + " <person" + i + "@example.org>\r\nTo: lisa@ima.com\r\nSubject: Report " + i
                + "\r\nDate: Mon, 1 Jan 2024 10:00:00 +0000\r\nMessage-ID: <" + i + "@example.org>\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n";
    }

    /** A client that counts what crosses the wire and switches to DEFLATE on demand. */
    private final class Client implements AutoCloseable {
        private final Socket socket = new Socket("127.0.0.1", server.port(ImapListener.IMAP));
        private long wireBytes;
        private final InputStream counted = new FilterInputStream(socket.getInputStream()) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                wireBytes += b < 0 ? 0 : 1;
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                wireBytes += Math.max(n, 0);
                return n;
            }
        };
        /** Read a byte at a time, so nothing after the OK of COMPRESS is taken before the inflater is in place. */
        private InputStream in = counted;
        private OutputStream out = socket.getOutputStream();

        Client() throws IOException {
            socket.setSoTimeout(10_000);
            readLine();
        }

        String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                line.write(b);
            }
            if (b < 0 && line.size() == 0) {
                return null;
            }
            String text = line.toString(StandardCharsets.UTF_8);
            return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        }

        List<String> command(String tag, String command) throws IOException {
            out.write((tag + " " + command + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            List<String> lines = new ArrayList<>();
            String line;
            do {
                line = readLine();
                if (line == null) {
                    throw new IOException("closed after " + lines);
                }
                lines.add(line);
            } while (!line.startsWith(tag + " "));
            return lines;
        }

        void deflate() {
            out = new DeflaterOutputStream(out, new Deflater(Deflater.DEFAULT_COMPRESSION, true), true);
            in = new InflaterInputStream(counted, new Inflater(true));
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void afterCompressBothSidesDeflateAndAFullFetchTakesAFractionOfTheBytes() throws Exception {
        Random random = new Random(4978);
        long octets = 0;
        for (int i = 0; i < 40; i++) {
            String m = message(random, i);
            octets += m.length();
            server.deliver(ImapServer.LISA, m);
        }
        long plain;
        try (Client c = new Client()) {
            c.command("a", "LOGIN lisa@ima.com " + ImapServer.PASSWORD);
            c.command("b", "EXAMINE INBOX");
            long before = c.wireBytes;
            assertThat(c.command("c", "FETCH 1:* BODY.PEEK[]")).hasSizeGreaterThan(40);
            plain = c.wireBytes - before;
        }
        try (Client c = new Client()) {
            c.command("a", "LOGIN lisa@ima.com " + ImapServer.PASSWORD);
            assertThat(c.command("b", "COMPRESS DEFLATE")).containsExactly("b OK COMPRESS completed");
            c.deflate();
            assertThat(c.command("c", "EXAMINE INBOX")).contains("* 40 EXISTS");
            long before = c.wireBytes;
            List<String> fetch = c.command("d", "FETCH 1:* BODY.PEEK[]");
            long compressed = c.wireBytes - before;
            assertThat(fetch.get(fetch.size() - 1)).isEqualTo("d OK FETCH completed");
            assertThat(String.join("\n", fetch)).contains("Subject: Report 39");
            assertThat(plain).isGreaterThan(octets);
            assertThat((double) compressed / plain).as("%d octets deflated of %d", compressed, plain)
                    .isLessThanOrEqualTo(0.40);
            assertThat(c.command("e", "COMPRESS DEFLATE")).containsExactly("e NO [COMPRESSIONACTIVE] Compression is on already");
            assertThat(c.command("f", "NOOP")).containsExactly("f OK NOOP completed");
        }
    }

    @Test
    void compressIsRefusedBeforeLoginAndForOtherMechanisms() throws Exception {
        try (ImapClient c = client()) {
            c.line();
            assertThat(c.tagged("COMPRESS DEFLATE")).isEqualTo("a1 BAD COMPRESS is not allowed before login");
            c.tagged("LOGIN lisa@ima.com " + ImapServer.PASSWORD);
            assertThat(c.tagged("COMPRESS LZMA")).startsWith("a3 BAD");
            assertThat(c.tagged("NOOP")).as("still uncompressed").isEqualTo("a4 OK NOOP completed");
        }
    }

    @Test
    void corruptCompressedDataClosesThatConnectionOnly() throws Exception {
        try (Client c = new Client(); ImapClient other = client()) {
            c.command("a", "LOGIN lisa@ima.com " + ImapServer.PASSWORD);
            c.command("b", "COMPRESS DEFLATE");
            c.deflate();
            OutputStream raw = c.socket.getOutputStream();
            raw.write(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x13, 0x37});
            raw.flush();
            assertThatThrownBy(() -> {
                while (c.readLine() != null) {
                    // whatever the server flushed before it hung up
                }
                throw new EOFException("hung up");
            }).as("the server hangs up").isInstanceOf(IOException.class);
            other.login("lisa@ima.com");
            assertThat(other.tagged("NOOP")).isEqualTo("a2 OK NOOP completed");
        }
    }
}
