package org.iems.pop3d.internal;

import org.iems.api.config.Networks;
import org.iems.api.config.Range;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the POP3 server, PID {@code org.iems.pop3d}. */
@ObjectClassDefinition(id = "org.iems.pop3d", name = "IEMS POP3 server",
        description = "POP3 listeners: 110 with STLS and 995 with implicit TLS.")
@interface Pop3dConfiguration {

    @AttributeDefinition(name = "Host name", description = "The name in the greeting; empty = this machine's host name")
    String host_name() default "";

    @AttributeDefinition(name = "POP3 listener", description = "Whether the POP3 listener (STLS) runs")
    boolean pop3_enabled() default true;

    @AttributeDefinition(name = "POP3 address", description = "Address the POP3 listener binds; 0.0.0.0 = all")
    String pop3_host() default "0.0.0.0";

    @AttributeDefinition(name = "POP3 port", description = "Port of the POP3 listener")
    @Range(min = Range.PORT_MIN, max = Range.PORT_MAX)
    int pop3_port() default 110;

    @AttributeDefinition(name = "POP3 allowed networks", description = "Networks (CIDR) allowed to connect to the"
            + " POP3 listener; empty = all not banned")
    @Networks
    String[] pop3_allowed_networks() default {};

    @AttributeDefinition(name = "POP3S listener", description = "Whether the implicit-TLS listener runs")
    boolean pop3s_enabled() default true;

    @AttributeDefinition(name = "POP3S address", description = "Address the implicit-TLS listener binds; 0.0.0.0 = all")
    String pop3s_host() default "0.0.0.0";

    @AttributeDefinition(name = "POP3S port", description = "Port of the implicit-TLS listener")
    @Range(min = Range.PORT_MIN, max = Range.PORT_MAX)
    int pop3s_port() default 995;

    @AttributeDefinition(name = "POP3S allowed networks", description = "Networks (CIDR) allowed to connect to the"
            + " implicit-TLS listener; empty = all not banned")
    @Networks
    String[] pop3s_allowed_networks() default {};

    @AttributeDefinition(name = "Banned networks", description = "Networks (CIDR) and addresses refused at connect on"
            + " every listener")
    @Networks
    String[] banned_networks() default {};

    @AttributeDefinition(name = "Trusted networks", description = "Networks (CIDR) whose clients may log in without"
            + " TLS")
    @Networks
    String[] trusted_networks() default {"127.0.0.0/8", "::1"};

    @AttributeDefinition(name = "Connections per client", description = "Most simultaneous connections from one"
            + " client address")
    @Range(min = 1)
    int max_connections_per_client() default 20;

    @AttributeDefinition(name = "Idle timeout", description = "Seconds a logged-in client (or one from a trusted"
            + " network) may stay silent before it is disconnected (RFC 1939: at least 600)")
    @Range(min = 1)
    int idle_timeout_seconds() default 600;

    @AttributeDefinition(name = "Idle timeout before login", description = "Seconds a client that has not logged in"
            + " (and is not from a trusted network) may stay silent before it is disconnected")
    @Range(min = 1)
    int login_idle_timeout_seconds() default 60;

    @AttributeDefinition(name = "Longest line", description = "Longest command line in octets, without CRLF"
            + " (RFC 2449: 255 for commands; AUTH responses are longer)")
    @Range(min = 255)
    int max_line_length() default 1024;

    @AttributeDefinition(name = "Lock maildrops", description = "Whether a maildrop is open in one session at a time"
            + " (RFC 1939); false lets several sessions of one user read it at once, a deletion counting once")
    boolean lock_maildrops() default true;

    @AttributeDefinition(name = "Errors per connection", description = "Refused commands after which the connection"
            + " is closed")
    @Range(min = 1)
    int max_errors() default 10;
}
