package org.iems.smtpd.internal;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.iems.api.net.ListenerSpec;

/**
 * The three SMTP listeners of the configuration: mail exchange (25), submission with AUTH
 * required (587, RFC 6409) and submission over implicit TLS (465, RFC 8314).
 */
enum SmtpListener {
    MX("mx", false, false),
    SUBMISSION("submission", true, false),
    SMTPS("smtps", true, true);

    private final String property;
    private final boolean authRequired;
    private final boolean implicitTls;

    SmtpListener(String property, boolean authRequired, boolean implicitTls) {
        this.property = property;
        this.authRequired = authRequired;
        this.implicitTls = implicitTls;
    }

    /** The listener's name: its configuration property prefix. */
    String property() {
        return property;
    }

    static SmtpListener named(String property) {
        for (SmtpListener kind : values()) {
            if (kind.property.equals(property)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("no SMTP listener " + property);
    }

    boolean authRequired() {
        return authRequired;
    }

    boolean enabled(SmtpdConfiguration c) {
        return switch (this) {
            case MX -> c.mx_enabled();
            case SUBMISSION -> c.submission_enabled();
            case SMTPS -> c.smtps_enabled();
        };
    }

    ListenerSpec spec(SmtpdConfiguration c) {
        String host = switch (this) {
            case MX -> c.mx_host();
            case SUBMISSION -> c.submission_host();
            case SMTPS -> c.smtps_host();
        };
        int port = switch (this) {
            case MX -> c.mx_port();
            case SUBMISSION -> c.submission_port();
            case SMTPS -> c.smtps_port();
        };
        String allowed = switch (this) {
            case MX -> c.mx_allowed_networks();
            case SUBMISSION -> c.submission_allowed_networks();
            case SMTPS -> c.smtps_allowed_networks();
        };
        Duration idle = Duration.ofSeconds(c.idle_timeout_seconds());
        return new ListenerSpec(property, host.strip(), port, implicitTls, list(allowed), list(c.banned_networks()),
                list(c.trusted_networks()), c.max_connections_per_client(),
                idle, this == MX ? idle : Duration.ofSeconds(c.login_idle_timeout_seconds()));
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split("[,\\s]+")).filter(s -> !s.isEmpty()).toList();
    }
}
