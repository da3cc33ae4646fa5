package org.iems.pop3d.internal;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
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
        String host = this == POP3 ? c.pop3_host() : c.pop3s_host();
        int port = this == POP3 ? c.pop3_port() : c.pop3s_port();
        String allowed = this == POP3 ? c.pop3_allowed_networks() : c.pop3s_allowed_networks();
        return new ListenerSpec(property, host.strip(), port, implicitTls, list(allowed), list(c.banned_networks()),
                list(c.trusted_networks()), c.max_connections_per_client(),
                Duration.ofSeconds(c.idle_timeout_seconds()),
                Duration.ofSeconds(c.login_idle_timeout_seconds()));
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split("[,\\s]+")).filter(s -> !s.isEmpty()).toList();
    }
}
