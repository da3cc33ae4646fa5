package org.iems.smtpc.internal;

import java.net.InetAddress;

/**
 * One address to try: a host name (an MX target, a relay) and one of its addresses.
 *
 * @param host the host name, for the log, TLS server name indication and HELO errors
 * @param address the address to connect to
 * @param port the port
 */
record HostAddress(String host, InetAddress address, int port) {

    /** "mx.example.com[192.0.2.1]:25", as the per-attempt log line shows the relay. */
    @Override
    public String toString() {
        return host + "[" + address.getHostAddress() + "]:" + port;
    }
}
