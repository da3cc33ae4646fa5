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
import org.apache.mina.core.write.WriteToClosedSessionException;
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
        this.perClient = new ConnectionLimiter(spec.maxConnectionsPerClient());
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
        perClient.setLimit(spec.maxConnectionsPerClient());
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
            refused(spec, client, "access list");
            session.closeNow();
            return;
        }
        Optional<Permit> mine = perClient.tryAcquire(shared.addressGroups().groupOf(client));
        if (mine.isEmpty()) {
            refused(spec, client, "too many connections from that address");
            session.closeNow();
            return;
        }
        boolean trusted = current.isTrusted(client);
        OpenConnections all = shared.openConnections();
        MinaConnection connection = new MinaConnection(session, spec.name(), trusted, spec.idleTimeout(), shared,
                ended -> {
                    mine.get().close();
                    all.remove(ended);
                });
        // The close future completes on every path a session ends by, before the filter chain hears
        // of it; a failed TLS handshake ends in a close event that the TLS filter does not pass on.
        session.getCloseFuture().addListener(closed -> connection.closed());
        OpenConnections.Admission admission = all.admit(connection);
        if (!admission.admitted()) {
            refused(spec, client, "too many connections in all");
            session.closeNow();
            return;
        }
        admission.shed().map(MinaConnection.class::cast).ifPresent(victim -> {
            shed(spec, victim);
            victim.shed();
        });
        session.setAttribute(CONNECTION, connection);
        session.getFilterChain().addFirst(ReadGate.NAME, new ReadGate());
        session.getConfig().setIdleTime(IdleStatus.READER_IDLE,
                MinaConnection.idleSeconds(trusted ? spec.idleTimeout() : spec.loginIdleTimeout()));
        if (spec.implicitTls()) {
            shared.tls().ifPresentOrElse(tls -> MinaConnection.addImplicitTls(session, tls), session::closeNow);
        }
    }

    private void refused(ListenerSpec spec, InetAddress client, String why) {
        String group = shared.addressGroups().describe(shared.addressGroups().groupOf(client));
        long left = shared.burstLog().next("refused " + why + " " + group);
        if (left >= 0) {
            LOG.warn("{}: refused {}: {}{}", spec.name(), group, why, BurstLog.more(left));
        }
    }

    private void shed(ListenerSpec spec, MinaConnection victim) {
        long left = shared.burstLog().next("shed");
        if (left >= 0) {
            LOG.warn("{}: connections in all at the limit: closed the longest silent one that had not logged in ({},"
                    + " on {}) to make room{}", spec.name(), victim.remoteAddress().getAddress().getHostAddress(),
                    victim.listenerName(), BurstLog.more(left));
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
    public void exceptionCaught(IoSession session, Throwable cause) {
        if (session.isClosing() || cause instanceof WriteToClosedSessionException) {
            // TLS's close_notify written as the peer had already gone: the end of a normal close
            LOG.debug("{}: {} after the connection closed", rules.spec().name(), cause.toString());
            session.closeNow();
            return;
        }
        String client = ((InetSocketAddress) session.getRemoteAddress()).getAddress().getHostAddress();
        long left = shared.burstLog().next("failed " + client + " " + cause.getClass().getName());
        if (left >= 0) {
            LOG.info("{}: connection from {} failed: {}{}", rules.spec().name(), client, cause.toString(),
                    BurstLog.more(left));
        }
        session.closeNow();
    }
}
