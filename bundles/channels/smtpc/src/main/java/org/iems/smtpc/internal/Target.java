package org.iems.smtpc.internal;

import java.util.Optional;

/**
 * Where a route leads before DNS is asked: a domain's MX hosts, or one host.
 *
 * @param name the domain or host name (or an IP address)
 * @param port the port to connect to
 * @param mxLookup whether {@code name} is looked up for MX records (a domain, or an unbracketed
 *        transport map entry); otherwise its addresses are used directly ({@code [host]})
 * @param credentials AUTH credentials for the host (a smart host), if configured
 */
record Target(String name, int port, boolean mxLookup, Optional<Credentials> credentials) {

    /** A user name and password for AUTH. */
    record Credentials(String user, String password) {

        @Override
        public String toString() {
            return "Credentials[user=" + user + "]";
        }
    }

    /** How the target is written in the log and as a virtual queue's name. */
    String describe() {
        String host = mxLookup ? name : "[" + name + "]";
        return port == 25 ? host : host + ":" + port;
    }
}
