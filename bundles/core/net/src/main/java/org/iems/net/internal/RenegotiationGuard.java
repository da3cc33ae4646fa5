package org.iems.net.internal;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.ssl.SslFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a connection whose client starts a second TLS handshake. Renegotiation is a cheap way for a
 * client to make the server do expensive handshakes; the JDK refuses most client-initiated ones
 * ({@code jdk.tls.rejectClientInitiatedRenegotiation}), not quite all behind MINA's TLS filter.
 * This filter sits below TLS and follows the record layer (RFC 5246 section 6.2: a 5-byte header
 * with the content type and the length): once the session is secured, a handshake record (type
 * 22) can only be a renegotiation, as TLS 1.3 sends its post-handshake messages as application
 * data. Nothing is decrypted or copied; one instance per connection.
 */
final class RenegotiationGuard extends IoFilterAdapter {

    static final String NAME = "renegotiation-guard";
    private static final Logger LOG = LoggerFactory.getLogger(RenegotiationGuard.class);
    private static final int HANDSHAKE = 22;
    private static final int HEADER = 5;

    private final byte[] header = new byte[HEADER];
    private int headerFilled;
    private int bodyLeft;

    @Override
    public void messageReceived(NextFilter nextFilter, IoSession session, Object message) {
        if (message instanceof IoBuffer buffer && renegotiates(buffer, session.getAttribute(SslFilter.SSL_SECURED) != null)) {
            LOG.debug("{}: a second TLS handshake; closing", session.getRemoteAddress());
            session.closeNow();
            return;
        }
        nextFilter.messageReceived(session, message);
    }

    /** Follows the records in the bytes; tells whether a handshake record starts once secured. */
    boolean renegotiates(IoBuffer buffer, boolean secured) {
        int at = buffer.position();
        int end = buffer.limit();
        while (at < end) {
            if (bodyLeft > 0) {
                int skip = Math.min(bodyLeft, end - at);
                bodyLeft -= skip;
                at += skip;
                continue;
            }
            header[headerFilled++] = buffer.get(at++);
            if (headerFilled == HEADER) {
                headerFilled = 0;
                bodyLeft = ((header[3] & 0xff) << 8) | (header[4] & 0xff);
                if (secured && (header[0] & 0xff) == HANDSHAKE) {
                    return true;
                }
            }
        }
        return false;
    }
}
