package org.iems.imapd.internal.session;

/**
 * What one IMAP session may offer and how it reaches its surroundings.
 *
 * @param hostName the name in the greeting
 * @param tlsAvailable whether STARTTLS can be offered
 * @param tls whether the connection is already under TLS (port 993)
 * @param trusted whether the client may send a password without TLS
 * @param maxErrors refused commands after which the connection closes
 * @param appendLimit the largest message APPEND takes, in octets (APPENDLIMIT, RFC 7889)
 */
public record SessionSettings(String hostName, boolean tlsAvailable, boolean tls, boolean trusted, int maxErrors,
        long appendLimit) {
}
