package org.iems.net.internal;

import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSession;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.future.WriteFuture;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.ssl.SslFilter;
import org.iems.api.net.Connection;
import org.iems.api.net.ConnectionHandler;
import org.iems.api.net.ConnectionHandlerFactory;
import org.iems.net.internal.tls.TlsSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted MINA session as a {@link Connection}, and the bridge that runs its handler on a
 * worker thread: while the handler works on a chunk, reads are suspended (and resumed through the
 * {@link ReadGate}), so a client cannot flood memory and bytes sent after STARTTLS are read only
 * once TLS is in place.
 */
final class MinaConnection implements Connection {

    private static final Logger LOG = LoggerFactory.getLogger(MinaConnection.class);
    private static final String TLS_FILTER = "tls";
    private static final long FLUSH_WAIT_SECONDS = 30;
    /**
     * Bytes queued for a client beyond which a write waits for the earlier ones to leave: memory
     * per connection stays bounded however large a message is sent. It also keeps MINA's TLS
     * filter from queueing writes of its own: with many unacknowledged TLS writes from a worker
     * thread, MINA 2.2.10 sent records a client could not decrypt (AEAD tag mismatch).
     */
    private static final long WRITE_HIGH_WATER = 64 * 1024;
    /** How long a write waits for a client that does not read before the connection is closed. */
    private static final long WRITE_DRAIN_SECONDS = 120;

    private final IoSession session;
    private final String listenerName;
    private final boolean trusted;
    private final Shared shared;
    private final Executor serial;
    private final Runnable releasePermits;
    private ConnectionHandler handler;
    private volatile WriteFuture lastWrite;
    private volatile boolean opened;

    MinaConnection(IoSession session, String listenerName, boolean trusted, Shared shared, Runnable releasePermits) {
        this.session = session;
        this.listenerName = listenerName;
        this.trusted = trusted;
        this.shared = shared;
        this.serial = new SerialExecutor(shared.workers());
        this.releasePermits = releasePermits;
    }

    // ----- events from the I/O thread, handed to the worker

    void open(ConnectionHandlerFactory factory) {
        if (opened) {
            return;
        }
        opened = true;
        serial.execute(() -> {
            try {
                handler = factory.open(this);
            } catch (RuntimeException e) {
                failed("opening", e);
            }
        });
    }

    void received(byte[] bytes) {
        session.suspendRead();
        serial.execute(() -> {
            try {
                if (handler != null) {
                    handler.received(bytes);
                }
            } catch (Exception e) {
                failed("handling input", e);
            } finally {
                ReadGate.resumeReading(session);
            }
        });
    }

    void idle() {
        serial.execute(() -> {
            LOG.info("{}: closing idle connection from {}", listenerName, address());
            if (handler != null) {
                handler.idle();
            }
            session.closeOnFlush();
        });
    }

    void closed() {
        releasePermits.run();
        serial.execute(() -> {
            if (handler != null) {
                handler.closed();
            }
        });
    }

    private void failed(String what, Exception e) {
        LOG.warn("{}: {} for {} failed; closing the connection", listenerName, what, address(), e);
        session.closeNow();
    }

    private String address() {
        return remoteAddress().getAddress().getHostAddress();
    }

    // ----- Connection

    @Override
    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) session.getRemoteAddress();
    }

    @Override
    public String listenerName() {
        return listenerName;
    }

    @Override
    public boolean trusted() {
        return trusted;
    }

    private Optional<SSLSession> sslSession() {
        return Optional.ofNullable((SSLSession) session.getAttribute(SslFilter.SSL_SECURED));
    }

    @Override
    public Optional<String> tlsProtocol() {
        return sslSession().map(SSLSession::getProtocol);
    }

    @Override
    public Optional<String> tlsCipher() {
        return sslSession().map(SSLSession::getCipherSuite);
    }

    @Override
    public void write(byte[] bytes) {
        WriteFuture previous = lastWrite;
        if (previous != null && session.getScheduledWriteBytes() >= WRITE_HIGH_WATER
                && !previous.awaitUninterruptibly(WRITE_DRAIN_SECONDS, TimeUnit.SECONDS)) {
            LOG.info("{}: client {} does not read what it is sent; closing", listenerName, address());
            session.closeNow();
            return;
        }
        lastWrite = session.write(IoBuffer.wrap(bytes));
    }

    @Override
    public void startTls() {
        TlsSettings tls = shared.tls().orElseThrow(() -> new IllegalStateException("TLS is not available"));
        if (session.getFilterChain().contains(TLS_FILTER)) {
            throw new IllegalStateException("TLS is already on");
        }
        // the go-ahead reply must leave in plaintext before the filter sees any write
        WriteFuture pending = lastWrite;
        if (pending != null && !pending.awaitUninterruptibly(FLUSH_WAIT_SECONDS, TimeUnit.SECONDS)) {
            session.closeNow();
            return;
        }
        session.getFilterChain().addAfter(ReadGate.NAME, TLS_FILTER, serverFilter(tls));
    }

    static SslFilter serverFilter(TlsSettings tls) {
        SslFilter filter = new SslFilter(tls.context());
        filter.setEnabledProtocols(tls.protocols());
        return filter;
    }

    static boolean hasTls(IoSession session) {
        return session.getFilterChain().contains(TLS_FILTER);
    }

    static void addImplicitTls(IoSession session, TlsSettings tls) {
        session.getFilterChain().addAfter(ReadGate.NAME, TLS_FILTER, serverFilter(tls));
    }

    @Override
    public void close() {
        session.closeOnFlush();
    }

    @Override
    public boolean mayAttemptLogin() {
        return shared.loginThrottle().mayAttempt(remoteAddress().getAddress());
    }

    @Override
    public void loginAttempted(String protocol, String user, boolean success) {
        if (success) {
            shared.loginThrottle().succeeded(remoteAddress().getAddress());
        } else {
            shared.loginThrottle().failed(remoteAddress().getAddress());
        }
        LOG.info("login: protocol={} user={} client={} listener={} tls={} result={}", protocol,
                user.replaceAll("\\p{Cntrl}", "?"), address(),
                listenerName, tlsProtocol().orElse("none"), success ? "ok" : "failed");
    }
}
