package org.iems.pop3d.internal;

import java.time.Duration;
import org.iems.api.net.ListenerSpec;

/** The two POP3 listeners of the configuration: 110 with STLS, 995 with implicit TLS (RFC 8314). */
enum Pop3Listener {
    POP3("pop3", false),
    POP3S("pop3s", true);

    private final String property;
    private final boolean implicitTls;

    Pop3Listener(String property, boolean implicitTls) {
        this.property = property;
        this.implicitTls = implicitTls;
    }

    /** The listener's name: its configuration property prefix. */
    String property() {
        return property;
    }

    boolean enabled(Pop3dConfiguration c) {
        return this == POP3 ? c.pop3_enabled() : c.pop3s_enabled();
    }

    ListenerSpec spec(Pop3dConfiguration c) {
        ListenerSpec.Shared shared = new ListenerSpec.Shared(c.banned_networks(), c.trusted_networks(),
                c.max_connections_per_client(), Duration.ofSeconds(c.idle_timeout_seconds()),
                Duration.ofSeconds(c.login_idle_timeout_seconds()));
        return this == POP3
                ? ListenerSpec.of(property, implicitTls, c.pop3_host(), c.pop3_port(), c.pop3_allowed_networks(), shared)
                : ListenerSpec.of(property, implicitTls, c.pop3s_host(), c.pop3s_port(), c.pop3s_allowed_networks(), shared);
    }
}
