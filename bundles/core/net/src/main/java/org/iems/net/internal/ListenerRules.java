package org.iems.net.internal;

import java.net.InetAddress;
import org.iems.api.net.ListenerSpec;
import org.iems.net.internal.access.AccessList;

/**
 * A listener's spec with its address lists parsed: who may connect, who is trusted.
 */
record ListenerRules(ListenerSpec spec, AccessList access, AccessList trusted) {

    /**
     * Parses the spec's lists.
     *
     * @throws IllegalArgumentException naming the property of a malformed range
     */
    static ListenerRules of(ListenerSpec spec) {
        String name = spec.name();
        AccessList access = AccessList.of(name + ".allow", String.join(",", spec.allow()), name + ".deny",
                String.join(",", spec.deny()));
        AccessList trusted = AccessList.of(name + ".trusted", String.join(",", spec.trusted()), "", "");
        return new ListenerRules(spec, access, trusted);
    }

    boolean isTrusted(InetAddress client) {
        return trusted.listedAsAllowed(client);
    }
}
