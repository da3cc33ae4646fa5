package org.iems.imapd.internal;

import org.iems.api.config.Networks;
import org.iems.api.config.Range;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the IMAP server, PID {@code org.iems.imapd}. */
@ObjectClassDefinition(id = "org.iems.imapd", name = "IEMS IMAP server",
        description = "IMAP listeners: 143 with STARTTLS and 993 with implicit TLS.")
@interface ImapdConfiguration {

    @AttributeDefinition(name = "Host name", description = "The name in the greeting; empty = this machine's host name")
    String host_name() default "";

    @AttributeDefinition(name = "IMAP listener", description = "Whether the IMAP listener (STARTTLS) runs")
    boolean imap_enabled() default true;

    @AttributeDefinition(name = "IMAP address", description = "Address the IMAP listener binds; 0.0.0.0 = all")
    String imap_host() default "0.0.0.0";

    @AttributeDefinition(name = "IMAP port", description = "Port of the IMAP listener")
    @Range(min = Range.PORT_MIN, max = Range.PORT_MAX)
    int imap_port() default 143;

    @AttributeDefinition(name = "IMAP allowed networks", description = "Networks (CIDR) allowed to connect to the"
            + " IMAP listener; empty = all not banned")
    @Networks
    String[] imap_allowed_networks() default {};

    @AttributeDefinition(name = "IMAPS listener", description = "Whether the implicit-TLS listener runs")
    boolean imaps_enabled() default true;

    @AttributeDefinition(name = "IMAPS address", description = "Address the implicit-TLS listener binds; 0.0.0.0 = all")
    String imaps_host() default "0.0.0.0";

    @AttributeDefinition(name = "IMAPS port", description = "Port of the implicit-TLS listener")
    @Range(min = Range.PORT_MIN, max = Range.PORT_MAX)
    int imaps_port() default 993;

    @AttributeDefinition(name = "IMAPS allowed networks", description = "Networks (CIDR) allowed to connect to the"
            + " implicit-TLS listener; empty = all not banned")
    @Networks
    String[] imaps_allowed_networks() default {};

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
    int max_connections_per_client() default 50;

    @AttributeDefinition(name = "Idle timeout", description = "Seconds a logged-in client (or one from a trusted"
            + " network) may stay silent before it is disconnected, IDLE included (RFC 3501: at least 1800)")
    @Range(min = 1)
    int idle_timeout_seconds() default 1800;

    @AttributeDefinition(name = "Idle timeout before login", description = "Seconds a client that has not logged in"
            + " (and is not from a trusted network) may stay silent before it is disconnected")
    @Range(min = 1)
    int login_idle_timeout_seconds() default 60;

    @AttributeDefinition(name = "Longest command", description = "Longest command text in octets, literals not"
            + " counted (RFC 7162 asks for at least 8192)")
    @Range(min = 1024)
    int max_command_length() default 65536;

    @AttributeDefinition(name = "Largest argument literal", description = "Largest literal of a command other than"
            + " the message of an APPEND, in octets; held in memory")
    @Range(min = 1024)
    int max_literal_size() default 65536;

    @AttributeDefinition(name = "Largest message", description = "Largest message APPEND takes, in octets; spooled"
            + " to storage as it arrives")
    @Range(min = 1024)
    long max_message_size() default 52428800L;

    @AttributeDefinition(name = "Errors per connection", description = "Refused commands after which the connection"
            + " is closed")
    @Range(min = 1)
    int max_errors() default 20;
}
