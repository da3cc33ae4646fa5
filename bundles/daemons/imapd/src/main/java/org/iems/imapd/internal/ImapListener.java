package org.iems.imapd.internal;

import java.time.Duration;
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
        ListenerSpec.Shared shared = new ListenerSpec.Shared(c.banned_networks(), c.trusted_networks(),
                c.max_connections_per_client(), Duration.ofSeconds(c.idle_timeout_seconds()),
                Duration.ofSeconds(c.login_idle_timeout_seconds()));
        return this == IMAP
                ? ListenerSpec.of(property, implicitTls, c.imap_host(), c.imap_port(), c.imap_allowed_networks(), shared)
                : ListenerSpec.of(property, implicitTls, c.imaps_host(), c.imaps_port(), c.imaps_allowed_networks(), shared);
    }
}
