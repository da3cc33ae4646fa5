package org.iems.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLSocket;

/**
 * A raw client for line-based protocols (SMTP, POP3, IMAP) on loopback, for byte-exact
 * conversations: write what the test says, read lines back, switch to TLS in mid-connection.
 * Protocol-specific readers (multi-line replies, literals) build on {@link #line()}.
 */
public class LineClient implements AutoCloseable {

    private Socket socket;
    private BufferedReader in;
    private OutputStream out;

    /**
     * Connects in plaintext.
     *
     * @param port the loopback port
     */
    public LineClient(int port) throws IOException {
        attach(new Socket("127.0.0.1", port));
    }

    /**
     * Connects in plaintext from a chosen local address (any 127.x.y.z on Linux), as one of many
     * different clients would.
     *
     * @param from the local address
     * @param port the loopback port
     */
    public LineClient(InetAddress from, int port) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(from, 0));
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        attach(s);
    }

    /**
     * Connects with TLS from the start (ports 465, 993, 995) from a chosen local address,
     * trusting any certificate.
     *
     * @param from the local address
     * @param port the loopback port
     * @param implicitTls must be {@code true}
     */
    public LineClient(InetAddress from, int port, boolean implicitTls) throws Exception {
        this(from, port);
        if (!implicitTls) {
            throw new IllegalArgumentException("use LineClient(InetAddress, int) for plaintext");
        }
        startTls();
    }

    /**
     * Connects with TLS from the start (ports 465, 993, 995), trusting any certificate.
     *
     * @param port the loopback port
     * @param implicitTls must be {@code true}
     */
    public LineClient(int port, boolean implicitTls) throws Exception {
        if (!implicitTls) {
            throw new IllegalArgumentException("use LineClient(int) for plaintext");
        }
        SSLSocket s = (SSLSocket) TrustingTls.context().getSocketFactory().createSocket("127.0.0.1", port);
        s.startHandshake();
        attach(s);
    }

    private void attach(Socket s) throws IOException {
        socket = s;
        socket.setSoTimeout(15_000);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out = socket.getOutputStream();
    }

    /**
     * Reads one line.
     *
     * @return the line without its end, or {@code null} when the server closed the connection
     */
    public String line() throws IOException {
        return in.readLine();
    }

    /**
     * Reads a number of characters whatever they are (a literal's content, NUL and line ends too).
     *
     * @param n how many
     * @return them
     * @throws IOException if the connection ends first
     */
    public String characters(int n) throws IOException {
        char[] read = new char[n];
        int at = 0;
        while (at < n) {
            int got = in.read(read, at, n - at);
            if (got < 0) {
                throw new IOException("connection closed after " + at + " of " + n + " characters");
            }
            at += got;
        }
        return new String(read);
    }

    /**
     * Sends text as it is.
     *
     * @param text what to send, line ends included
     */
    public void write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /**
     * Tells whether the server closed the connection (reads until it does or the timeout).
     *
     * @return whether the next read finds the end of the stream
     */
    public boolean closedByServer() throws IOException {
        return in.read() == -1;
    }

    /** Switches the connection to TLS (after STARTTLS, STLS), trusting any certificate. */
    public void startTls() throws Exception {
        SSLSocket tls = (SSLSocket) TrustingTls.context().getSocketFactory()
                .createSocket(socket, "127.0.0.1", socket.getPort(), true);
        tls.startHandshake();
        attach(tls);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
