package org.iems.smtpc.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.iems.smtpc.protocol.SmtpTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP connection to a server. Reads time out through the socket; a write that blocks longer than
 * the current timeout (the server stopped reading) has the socket closed by a watchdog, so no
 * delivery thread waits forever.
 */
final class SocketTransport implements SmtpTransport, Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(SocketTransport.class);
    private static final int BUFFER = 16 * 1024;

    private final HostAddress peer;
    private final SSLSocketFactory tls;
    private final ScheduledExecutorService watchdog;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private volatile Duration timeout = Duration.ofMinutes(5);

    private SocketTransport(HostAddress peer, Socket socket, SSLSocketFactory tls, ScheduledExecutorService watchdog)
            throws IOException {
        this.peer = peer;
        this.tls = tls;
        this.watchdog = watchdog;
        use(socket);
    }

    /**
     * Connects.
     *
     * @param peer where to
     * @param source the local address to connect from, or empty for the system's choice
     * @param connectTimeout how long the TCP handshake may take
     * @param tls the factory for STARTTLS
     * @param watchdog the scheduler of write timeouts
     * @return the connection
     * @throws IOException if it could not be made
     */
    static SocketTransport connect(HostAddress peer, Optional<InetAddress> source, Duration connectTimeout,
            SSLSocketFactory tls, ScheduledExecutorService watchdog) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            if (source.isPresent()) {
                socket.bind(new InetSocketAddress(source.get(), 0));
            }
            socket.connect(new InetSocketAddress(peer.address(), peer.port()), (int) connectTimeout.toMillis());
            return new SocketTransport(peer, socket, tls, watchdog);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private void use(Socket s) throws IOException {
        this.socket = s;
        this.in = new BufferedInputStream(s.getInputStream(), BUFFER);
        this.out = new BufferedOutputStream(new GuardedOutputStream(s.getOutputStream()), BUFFER);
    }

    @Override
    public InputStream input() {
        return in;
    }

    @Override
    public OutputStream output() {
        return out;
    }

    @Override
    public void timeout(Duration limit) {
        this.timeout = limit;
        try {
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, limit.toMillis()));
        } catch (IOException e) {
            // a closed socket: the next read or write reports it
            LOG.debug("{}: cannot set the timeout: {}", peer, e.toString());
        }
    }

    @Override
    public void startTls() throws IOException {
        out.flush();
        SSLSocket ssl = (SSLSocket) tls.createSocket(socket, peer.host(), peer.port(), true);
        SSLParameters parameters = ssl.getSSLParameters();
        if (!peer.host().equals(peer.address().getHostAddress())) {
            parameters.setServerNames(List.of(new SNIHostName(peer.host())));
        }
        ssl.setSSLParameters(parameters);
        ssl.setUseClientMode(true);
        ssl.setSoTimeout(socket.getSoTimeout());
        ssl.startHandshake();
        use(ssl);
    }

    /** The negotiated protocol and cipher suite, for the log, if TLS is on. */
    String tlsDescription() {
        return socket instanceof SSLSocket ssl
                ? ssl.getSession().getProtocol() + " " + ssl.getSession().getCipherSuite() : "";
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** Closes the socket when one write takes longer than the current timeout. */
    private final class GuardedOutputStream extends FilterOutputStream {

        GuardedOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ScheduledFuture<?> alarm = watchdog.schedule(this::expire, timeout.toMillis(), TimeUnit.MILLISECONDS);
            try {
                out.write(b, off, len);
            } finally {
                alarm.cancel(false);
            }
        }

        private void expire() {
            LOG.info("{}: a write took longer than {} s; closing the connection", peer, timeout.toSeconds());
            try {
                socket.close();
            } catch (IOException e) {
                LOG.debug("{}: close failed: {}", peer, e.toString());
            }
        }
    }
}
