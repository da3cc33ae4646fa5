package org.iems.smtpd.internal;

import java.time.Duration;
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
        Duration idle = Duration.ofSeconds(c.idle_timeout_seconds());
        // mail exchangers do not log in: the same idle time before and after
        ListenerSpec.Shared shared = new ListenerSpec.Shared(c.banned_networks(), c.trusted_networks(),
                c.max_connections_per_client(), idle,
                this == MX ? idle : Duration.ofSeconds(c.login_idle_timeout_seconds()));
        return switch (this) {
            case MX -> ListenerSpec.of(property, implicitTls, c.mx_host(), c.mx_port(), c.mx_allowed_networks(), shared);
            case SUBMISSION -> ListenerSpec.of(property, implicitTls, c.submission_host(), c.submission_port(),
                    c.submission_allowed_networks(), shared);
            case SMTPS -> ListenerSpec.of(property, implicitTls, c.smtps_host(), c.smtps_port(),
                    c.smtps_allowed_networks(), shared);
        };
    }
}
