package org.iems.pop3d.protocol;

/**
 * What a POP3 session may offer, fixed when the connection opens.
 *
 * @param hostName the server's name in the greeting
 * @param tlsAvailable whether STLS can be offered (a keystore is loaded)
 * @param tls whether the connection is already under TLS (port 995)
 * @param trusted whether the client is in the trusted networks (may log in without TLS)
 * @param maxErrors refused commands after which the session is closed
 */
public record SessionSettings(String hostName, boolean tlsAvailable, boolean tls, boolean trusted, int maxErrors) {
}
