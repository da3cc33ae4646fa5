package org.iems.smtpd.internal.session;

/**
 * What the server knows of the client when it connects.
 *
 * @param address the client's IP address, as text
 * @param hostName the client's verified reverse DNS name, or {@code null} if none
 * @param trusted whether the address is in the listener's trusted networks (may relay, may AUTH
 *        without TLS)
 * @param implicitTls whether the connection is TLS from the start (port 465)
 * @param etrnAllowed whether the client may use ETRN
 * @param peer whether the client is a peer MTA, whose pass-through headers are kept
 */
public record ClientInfo(String address, String hostName, boolean trusted, boolean implicitTls, boolean etrnAllowed,
        boolean peer) {
}
