package org.iems.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.net.ssl.SSLSocket;

/**
 * The ways a TLS handshake fails that a scanner or an attacker produces: each opens a connection
 * from a chosen local address, fails the handshake its own way and closes. The tests of
 * connection accounting run thousands of them and then count the server's open slots.
 */
public enum FailedHandshakes {

    /** A TLS 1.0 ClientHello offering only TLS_RSA_WITH_AES_128_CBC_SHA: no common version. */
    TLS10_CLIENT_HELLO {
        @Override
        void fail(Socket socket) throws IOException {
            send(socket, tls10ClientHello());
            awaitClose(socket);
        }
    },
    /** TLS 1.2 offering only ECDSA suites, which an RSA certificate cannot serve: no common cipher. */
    NO_COMMON_CIPHER {
        @Override
        void fail(Socket socket) throws IOException {
            try {
                SSLSocket tls = (SSLSocket) TrustingTls.context().getSocketFactory().createSocket(socket,
                        "127.0.0.1", socket.getPort(), false);
                tls.setEnabledProtocols(new String[] {"TLSv1.2"});
                tls.setEnabledCipherSuites(new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"});
                tls.startHandshake();
                throw new IllegalStateException("the handshake was expected to fail");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            } catch (IOException expected) {
                // handshake_failure alert, or the server closed
            }
        }
    },
    /** Bytes that are no TLS record at all. */
    GARBAGE {
        @Override
        void fail(Socket socket) throws IOException {
            send(socket, "GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            awaitClose(socket);
        }
    },
    /** The first bytes of a ClientHello, then the client goes away. */
    DISCONNECT_MID_HANDSHAKE {
        @Override
        void fail(Socket socket) throws IOException {
            send(socket, Arrays.copyOf(tls10ClientHello(), 11));
        }
    },
    /** Connects and closes without a byte. */
    SILENT_CLOSE {
        @Override
        void fail(Socket socket) {
            // nothing sent: the close alone
        }
    };

    /**
     * Connects from {@code from} to {@code port} on loopback and fails the handshake. A
     * connection the server refused outright (limits) counts as failed too.
     *
     * @param from the local address to connect from (any 127.x.y.z works on Linux)
     * @param port the server's TLS port (implicit TLS)
     */
    public void run(InetAddress from, int port) throws IOException {
        runAfter(from, port, null);
    }

    /**
     * Connects in plaintext, reads the greeting, asks for TLS with the protocol's command
     * ({@code STARTTLS}, {@code STLS}, {@code a STARTTLS}), reads the go-ahead and fails the
     * handshake.
     *
     * @param from the local address to connect from
     * @param port the server's plaintext port
     * @param startTls the command line that starts TLS, or {@code null} for implicit TLS
     */
    public void runAfter(InetAddress from, int port, String startTls) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            socket.setSoTimeout(5_000);
            if (startTls != null) {
                readLine(socket);
                send(socket, (startTls + "\r\n").getBytes(StandardCharsets.US_ASCII));
                readLine(socket);
            }
            fail(socket);
        } catch (SocketTimeoutException e) {
            throw new IllegalStateException(this + ": the server neither answered nor closed within 5 s", e);
        } catch (IOException refusedOrReset) {
            // a reset or a refusal is the server ending the connection: what these clients cause
        }
    }

    /** Reads one line byte by byte, so that nothing after it is taken from the socket. */
    private static void readLine(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("closed");
            }
        }
    }

    abstract void fail(Socket socket) throws IOException;

    private static void send(Socket socket, byte[] bytes) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
    }

    /** Reads until the server closes (an alert, then end of stream). */
    private static void awaitClose(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[512];
        while (in.read(buffer) >= 0) {
            // drain the alert
        }
    }

    /** A minimal TLS 1.0 ClientHello record (RFC 2246 section 7.4.1.2). */
    static byte[] tls10ClientHello() {
        byte[] body = new byte[2 + 32 + 1 + 2 + 2 + 1 + 1];
        int i = 0;
        body[i++] = 3;
        body[i++] = 1;
        for (int r = 0; r < 32; r++) {
            body[i++] = (byte) r;
        }
        body[i++] = 0; // session id length
        body[i++] = 0;
        body[i++] = 2; // cipher suites length
        body[i++] = 0x00;
        body[i++] = 0x2f; // TLS_RSA_WITH_AES_128_CBC_SHA
        body[i++] = 1; // compression methods length
        body[i] = 0; // null
        byte[] record = new byte[5 + 4 + body.length];
        record[0] = 0x16;
        record[1] = 3;
        record[2] = 1;
        record[3] = (byte) ((4 + body.length) >> 8);
        record[4] = (byte) (4 + body.length);
        record[5] = 1; // client_hello
        record[6] = 0;
        record[7] = (byte) (body.length >> 8);
        record[8] = (byte) body.length;
        System.arraycopy(body, 0, record, 9, body.length);
        return record;
    }
}
