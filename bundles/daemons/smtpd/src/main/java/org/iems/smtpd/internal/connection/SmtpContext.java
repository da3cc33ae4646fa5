package org.iems.smtpd.internal.connection;

import java.time.Clock;
import java.util.List;
import org.iems.api.auth.Authenticator;
import org.iems.api.blob.BlobStore;
import org.iems.api.directory.RecipientResolver;
import org.iems.api.net.AddressRange;
import org.iems.api.queue.ManageableQueue;
import org.iems.smtpd.internal.session.SessionSettings;
import org.iems.smtpd.internal.session.SmtpSession;

/**
 * What one SMTP connection works with, fixed when it opens (a configuration change applies to
 * the next connection).
 *
 * @param settings the listener's session policy
 * @param maxLineLength the longest command or text line, in octets without CRLF
 * @param maxErrors bad commands after which the connection is closed (421)
 * @param resolver recipient look-ups
 * @param authenticator logins
 * @param senders which sender addresses an authenticated account may use
 * @param queue where accepted messages go; ETRN makes its deferred mail due
 * @param blobs where their text is written
 * @param flow per-user flow control
 * @param clock the time of receipt
 * @param etrnNetworks the clients that may use ETRN
 * @param peerNetworks the peer MTAs, whose pass-through headers are kept
 * @param tarpit whether unknown recipients slow the client's replies down ({@link org.iems.api.net.Connection#tarpit()})
 */
public record SmtpContext(SessionSettings settings, int maxLineLength, int maxErrors, RecipientResolver resolver,
        Authenticator authenticator, SmtpSession.SenderCheck senders, ManageableQueue queue, BlobStore blobs,
        FlowControl flow, Clock clock, List<AddressRange> etrnNetworks, List<AddressRange> peerNetworks, boolean tarpit) {
}
