package org.iems.net.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.service.IoProcessor;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.FilterEvent;
import org.apache.mina.filter.ssl.SslEvent;
import org.apache.mina.transport.socket.nio.NioSession;
import org.apache.mina.transport.socket.nio.NioSocketAcceptor;
import org.iems.api.net.ConnectionHandlerFactory;
import org.iems.api.net.Listener;
import org.iems.api.net.ListenerSpec;
import org.iems.net.internal.access.ConnectionLimiter;
import org.iems.net.internal.access.ConnectionLimiter.Permit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listener on a MINA acceptor. Access lists and limits are checked when a connection is
 * accepted, before anything is written to it or looked up about it; a refused client is simply
 * disconnected. A changed host or port rebinds the acceptor while its open sessions carry on.
 */
final class MinaListener extends IoHandlerAdapter implements Listener {

    private static final Logger LOG = LoggerFactory.getLogger(MinaListener.class);
    private static final String CONNECTION = MinaListener.class.getName() + ".connection";

    private final NioSocketAcceptor acceptor;
    private final ConnectionHandlerFactory handlers;
    private final Shared shared;
    private final ConnectionLimiter perClient;
    private final Consumer<MinaListener> onClose;
    private volatile ListenerRules rules;
    private volatile InetSocketAddress bound;

    MinaListener(ListenerSpec spec, ConnectionHandlerFactory handlers, Shared shared, IoProcessor<NioSession> processors,
            Consumer<MinaListener> onClose) {
        this.onClose = onClose;
        this.rules = ListenerRules.of(spec);
        this.handlers = handlers;
        this.shared = shared;
        this.perClient = new ConnectionLimiter(Integer.MAX_VALUE, spec.maxConnectionsPerClient());
        this.acceptor = new NioSocketAcceptor(processors);
        acceptor.setReuseAddress(true);
        // replies are written whole, once per burst of commands: Nagle's algorithm would only hold
        // back the last segment of a long one until the client's delayed acknowledgement
        acceptor.getSessionConfig().setTcpNoDelay(true);
        acceptor.setCloseOnDeactivation(false);
        acceptor.setHandler(this);
        bind();
    }

    private void bind() {
        ListenerSpec spec = rules.spec();
        if (spec.implicitTls() && shared.tls().isEmpty()) {
            LOG.error("Listener {}: {}:{} needs TLS but no keystore is loaded; not listening", spec.name(), spec.host(),
                    spec.port());
            bound = null;
            return;
        }
        try {
            acceptor.bind(new InetSocketAddress(spec.host(), spec.port()));
            bound = acceptor.getLocalAddress();
            LOG.info("Listener {} listening on {}{}", spec.name(), bound, spec.implicitTls() ? " (TLS)" : "");
        } catch (IOException | RuntimeException e) {
            bound = null;
            LOG.error("Listener {}: cannot listen on {}:{} ({}); check {}.host and {}.port — the other listeners go on",
                    spec.name(), spec.host(), spec.port(), e.getMessage(), spec.name(), spec.name());
        }
    }

    @Override
    public synchronized void update(ListenerSpec spec) {
        ListenerRules next = ListenerRules.of(spec);
        ListenerSpec previous = rules.spec();
        rules = next;
        perClient.setLimits(Integer.MAX_VALUE, spec.maxConnectionsPerClient());
        if (previous.needsRebind(spec) || bound == null) {
            acceptor.unbind();
            bind();
        }
    }

    @Override
    public ListenerSpec spec() {
        return rules.spec();
    }

    @Override
    public Optional<InetSocketAddress> boundAddress() {
        return Optional.ofNullable(bound);
    }

    @Override
    public int openConnections() {
        return acceptor.getManagedSessionCount();
    }

    @Override
    public synchronized void close() {
        acceptor.setCloseOnDeactivation(true);
        acceptor.unbind();
        acceptor.dispose(true);
        bound = null;
        onClose.accept(this);
        LOG.info("Listener {} closed", rules.spec().name());
    }

    // ----- MINA events, on I/O threads: nothing here blocks

    @Override
    public void sessionCreated(IoSession session) {
        ListenerRules current = rules;
        ListenerSpec spec = current.spec();
        InetAddress client = ((InetSocketAddress) session.getRemoteAddress()).getAddress();
        if (!current.access().permits(client)) {
            LOG.info("{}: refused {} (access list)", spec.name(), client.getHostAddress());
            session.closeNow();
            return;
        }
        Optional<Permit> all = shared.allConnections().tryAcquire(client);
        if (all.isEmpty()) {
            LOG.warn("{}: refused {}: too many connections in all", spec.name(), client.getHostAddress());
            session.closeNow();
            return;
        }
        Optional<Permit> mine = perClient.tryAcquire(client);
        if (mine.isEmpty()) {
            all.get().close();
            LOG.warn("{}: refused {}: too many connections from that address", spec.name(), client.getHostAddress());
            session.closeNow();
            return;
        }
        Runnable release = () -> {
            mine.get().close();
            all.get().close();
        };
        MinaConnection connection = new MinaConnection(session, spec.name(), current.isTrusted(client), shared, release);
        session.setAttribute(CONNECTION, connection);
        session.getFilterChain().addFirst(ReadGate.NAME, new ReadGate());
        session.getConfig().setIdleTime(IdleStatus.READER_IDLE, (int) Math.max(1, spec.idleTimeout().toSeconds()));
        if (spec.implicitTls()) {
            shared.tls().ifPresentOrElse(tls -> MinaConnection.addImplicitTls(session, tls), session::closeNow);
        }
    }

    private static MinaConnection connection(IoSession session) {
        return (MinaConnection) session.getAttribute(CONNECTION);
    }

    @Override
    public void sessionOpened(IoSession session) {
        MinaConnection connection = connection(session);
        if (connection != null && !MinaConnection.hasTls(session)) {
            connection.open(handlers);
        }
    }

    @Override
    public void event(IoSession session, FilterEvent event) {
        MinaConnection connection = connection(session);
        if (connection != null && event == SslEvent.SECURED) {
            // implicit TLS: the protocol starts once the handshake is done (no-op after STARTTLS)
            connection.open(handlers);
        }
    }

    @Override
    public void messageReceived(IoSession session, Object message) {
        MinaConnection connection = connection(session);
        if (connection == null) {
            return;
        }
        IoBuffer buffer = (IoBuffer) message;
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        connection.received(bytes);
    }

    @Override
    public void sessionIdle(IoSession session, IdleStatus status) {
        MinaConnection connection = connection(session);
        if (connection != null) {
            connection.idle();
        } else {
            session.closeNow();
        }
    }

    @Override
    public void sessionClosed(IoSession session) {
        MinaConnection connection = connection(session);
        if (connection != null) {
            connection.closed();
        }
    }

    @Override
    public void exceptionCaught(IoSession session, Throwable cause) {
        LOG.info("{}: connection from {} failed: {}", rules.spec().name(), session.getRemoteAddress(), cause.toString());
        session.closeNow();
    }
}
