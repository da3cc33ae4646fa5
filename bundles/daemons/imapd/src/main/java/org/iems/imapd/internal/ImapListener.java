package org.iems.imapd.internal;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.iems.api.net.ListenerSpec;

/** The two IMAP listeners of the configuration: 143 with STARTTLS, 993 with implicit TLS (RFC 8314). */
enum ImapListener {
    IMAP("imap", false),
    IMAPS("imaps", true);

    private final String property;
    private final boolean implicitTls;

    ImapListener(String property, boolean implicitTls) {
        this.property = property;
        this.implicitTls = implicitTls;
    }

    /** The listener's name: its configuration property prefix. */
    String property() {
        return property;
    }

    boolean enabled(ImapdConfiguration c) {
        return this == IMAP ? c.imap_enabled() : c.imaps_enabled();
    }

    ListenerSpec spec(ImapdConfiguration c) {
        String host = this == IMAP ? c.imap_host() : c.imaps_host();
        int port = this == IMAP ? c.imap_port() : c.imaps_port();
        String allowed = this == IMAP ? c.imap_allowed_networks() : c.imaps_allowed_networks();
        return new ListenerSpec(property, host.strip(), port, implicitTls, list(allowed), list(c.banned_networks()),
                list(c.trusted_networks()), c.max_connections_per_client(),
                Duration.ofSeconds(c.idle_timeout_seconds()),
                Duration.ofSeconds(c.login_idle_timeout_seconds()));
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split("[,\\s]+")).filter(s -> !s.isEmpty()).toList();
    }
}
