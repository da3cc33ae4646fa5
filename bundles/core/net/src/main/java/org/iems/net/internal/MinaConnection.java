package org.iems.net.internal;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import javax.net.ssl.SSLSession;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.future.WriteFuture;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.ssl.SslFilter;
import org.iems.api.net.Connection;
import org.iems.api.net.ConnectionHandler;
import org.iems.api.net.ConnectionHandlerFactory;
import org.iems.net.internal.access.LoginThrottle;
import org.iems.net.internal.tls.TlsSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted MINA session as a {@link Connection}, and the bridge that runs its handler on a
 * worker thread: while the handler works on a chunk, reads are suspended (and resumed through the
 * {@link ReadGate}), so a client cannot flood memory and bytes sent after STARTTLS are read only
 * once TLS is in place.
 *
 * <p>A throttled client's replies are held back without holding a thread: what the handler
 * writes during a hold is kept, reading stays suspended, and a timer hands the release to the
 * connection's serial executor when the hold ends. Every handler call and the release run one at
 * a time on that executor, so the hold's fields need no lock.
 */
final class MinaConnection implements Connection, OpenConnections.Member {

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
    private final Duration loggedInIdleTimeout;
    private final Shared shared;
    private final Executor serial;
    private final Consumer<MinaConnection> releaseSlots;
    private ConnectionHandler handler;
    private volatile WriteFuture lastWrite;
    private volatile boolean opened;
    private volatile boolean loggedIn;
    private int tarpitErrors;

    // ----- the hold: touched only by tasks on the serial executor
    /** {@link System#nanoTime()} when held replies may leave; 0 while nothing is held back. */
    private long heldUntil;
    private final ByteArrayOutputStream held = new ByteArrayOutputStream();
    private boolean resumeAfterHold;
    private boolean closeAfterHold;

    MinaConnection(IoSession session, String listenerName, boolean trusted, Duration loggedInIdleTimeout, Shared shared,
            Consumer<MinaConnection> releaseSlots) {
        this.session = session;
        this.listenerName = listenerName;
        this.trusted = trusted;
        this.loggedInIdleTimeout = loggedInIdleTimeout;
        this.shared = shared;
        this.serial = new SerialExecutor(shared.workers());
        this.releaseSlots = releaseSlots;
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
            } catch (RuntimeException | Error e) {
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
            } catch (Exception | Error e) {
                // a protocol bug (a stack overflow in a parser, say) ends this connection, not the server
                failed("handling input", e);
            } finally {
                if (heldUntil != 0) {
                    resumeAfterHold = true;
                } else {
                    ReadGate.resumeReading(session);
                }
            }
        });
    }

    void idle() {
        serial.execute(() -> {
            if (heldUntil != 0) {
                // the client waits for a reply held back on purpose: it is not the one idling
                return;
            }
            LOG.info("{}: closing idle connection from {}", listenerName, address());
            if (handler != null) {
                handler.idle();
            }
            session.closeOnFlush();
        });
    }

    /** The session ended, however it ended: called once, by the session's close future. */
    void closed() {
        releaseSlots.accept(this);
        serial.execute(() -> {
            if (handler != null) {
                handler.closed();
            }
        });
    }

    private void failed(String what, Throwable e) {
        LOG.warn("{}: {} for {} failed; closing the connection", listenerName, what, address(), e);
        session.closeNow();
    }

    private String address() {
        return client().getHostAddress();
    }

    private InetAddress client() {
        return remoteAddress().getAddress();
    }

    @Override
    public boolean sheddable() {
        return !trusted && !loggedIn && !session.isClosing();
    }

    @Override
    public long lastActive() {
        return session.getLastIoTime();
    }

    /** Closes the connection to make room for another (the limit on connections in all is reached). */
    void shed() {
        session.closeNow();
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
        if (heldUntil != 0) {
            if (held.size() + bytes.length <= WRITE_HIGH_WATER) {
                held.writeBytes(bytes);
                return;
            }
            // more than a reply's worth held back: wait out the hold here, as for a slow client
            endHoldNow();
        }
        send(bytes);
    }

    private void send(byte[] bytes) {
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
        endHoldNow();
        // the go-ahead reply must leave in plaintext before the filter sees any write
        WriteFuture pending = lastWrite;
        if (pending != null && !pending.awaitUninterruptibly(FLUSH_WAIT_SECONDS, TimeUnit.SECONDS)) {
            session.closeNow();
            return;
        }
        addTls(session, tls);
    }

    static SslFilter serverFilter(TlsSettings tls) {
        SslFilter filter = new SslFilter(tls.context());
        filter.setEnabledProtocols(tls.protocols());
        filter.setEnabledCipherSuites(tls.cipherSuites());
        return filter;
    }

    static boolean hasTls(IoSession session) {
        return session.getFilterChain().contains(TLS_FILTER);
    }

    static void addImplicitTls(IoSession session, TlsSettings tls) {
        addTls(session, tls);
    }

    /** TLS above the read gate, with the renegotiation guard between them, below TLS. */
    private static void addTls(IoSession session, TlsSettings tls) {
        session.getFilterChain().addAfter(ReadGate.NAME, RenegotiationGuard.NAME, new RenegotiationGuard());
        session.getFilterChain().addAfter(RenegotiationGuard.NAME, TLS_FILTER, serverFilter(tls));
    }

    @Override
    public void close() {
        if (heldUntil != 0) {
            closeAfterHold = true;
            return;
        }
        session.closeOnFlush();
    }

    @Override
    public void beforeLogin(String login) {
        hold(shared.loginThrottle().delay(client(), login));
    }

    @Override
    public void loginAttempted(String protocol, String user, boolean success) {
        if (success) {
            shared.loginThrottle().succeeded(user);
            if (!loggedIn) {
                loggedIn = true;
                session.getConfig().setIdleTime(IdleStatus.READER_IDLE, idleSeconds(loggedInIdleTimeout));
            }
        } else {
            shared.loginThrottle().failed(client(), user);
        }
        LOG.info("login: protocol={} user={} client={} listener={} tls={} result={}", protocol,
                LoginThrottle.printable(user), address(),
                listenerName, tlsProtocol().orElse("none"), success ? "ok" : "failed");
    }

    @Override
    public void tarpit() {
        hold(shared.tarpit().offence(client(), tarpitErrors++));
    }

    static int idleSeconds(Duration timeout) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toSeconds()));
    }

    // ----- holding replies back

    private void hold(Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            return;
        }
        long now = System.nanoTime();
        boolean holding = heldUntil != 0;
        heldUntil = (holding ? heldUntil : now) + delay.toNanos();
        if (!holding) {
            scheduleRelease(delay.toNanos());
        }
    }

    private void scheduleRelease(long nanos) {
        shared.timer().schedule(() -> serial.execute(this::releaseWhenDue), nanos, TimeUnit.NANOSECONDS);
    }

    /** On the serial executor: ends the hold if it is due, or waits again if it was extended. */
    private void releaseWhenDue() {
        long left = heldUntil - System.nanoTime();
        if (heldUntil == 0) {
            return;
        }
        if (left > 0) {
            scheduleRelease(left);
            return;
        }
        release();
    }

    /** Waits out the hold on this thread, then releases: for the rare paths that cannot wait for the timer. */
    private void endHoldNow() {
        if (heldUntil == 0) {
            return;
        }
        long left;
        while ((left = heldUntil - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
        release();
    }

    private void release() {
        heldUntil = 0;
        if (session.isClosing()) {
            held.reset();
            return;
        }
        if (held.size() > 0) {
            byte[] bytes = held.toByteArray();
            held.reset();
            send(bytes);
        }
        if (closeAfterHold) {
            closeAfterHold = false;
            session.closeOnFlush();
        } else if (resumeAfterHold) {
            resumeAfterHold = false;
            ReadGate.resumeReading(session);
        }
    }
}
