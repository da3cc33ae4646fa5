package org.iems.smtpc.internal;

import org.iems.api.config.Range;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the outbound SMTP channel, PID {@code org.iems.smtpc}. */
@ObjectClassDefinition(id = "org.iems.smtpc", name = "IEMS outbound SMTP",
        description = "Delivers mail for other domains: MX look-up or a smart host, per-destination queues, TLS.")
@interface SmtpcConfiguration {

    @AttributeDefinition(name = "HELO name", description = "The name said in EHLO; empty = this machine's host name")
    String helo_name() default "";

    @AttributeDefinition(name = "DNS servers", description = "Name servers asked for MX, A and AAAA records, as host or"
            + " host:port, separated by commas; empty = the system's (/etc/resolv.conf)")
    String[] dns_servers() default {};

    @AttributeDefinition(name = "DNS timeout", description = "Seconds one DNS query may take")
    @Range(min = 1)
    int dns_timeout_seconds() default 10;

    @AttributeDefinition(name = "Smart host", description = "Relay all remote mail through this host: host or host:port"
            + " (its MX records are used) or [host] or [host]:port (the host itself); empty = deliver by MX")
    String smarthost() default "";

    @AttributeDefinition(name = "Smart host user", description = "User name for AUTH at the smart host; empty = no AUTH")
    String smarthost_user() default "";

    @AttributeDefinition(name = "Smart host password", description = "Password for AUTH at the smart host",
            type = AttributeType.PASSWORD)
    String smarthost_password() default "";

    @AttributeDefinition(name = "AUTH only over TLS", description = "Whether the smart host must offer STARTTLS before"
            + " the password is sent; false allows AUTH in clear text")
    boolean smarthost_auth_tls_required() default true;

    @AttributeDefinition(name = "Transport map", description = "Next hops for single domains, domain=nexthop separated"
            + " by commas, nexthop as for the smart host (e.g. example.org=[10.0.0.5]:2525); these win over the smart"
            + " host and MX")
    String[] transport_map() default {};

    @AttributeDefinition(name = "Opportunistic TLS", description = "Whether STARTTLS is used when a server offers it"
            + " (the certificate is not verified: encryption against eavesdroppers)")
    boolean tls_enabled() default true;

    @AttributeDefinition(name = "TLS-only domains", description = "Domains that get mail only over TLS; if their server"
            + " offers no STARTTLS the mail waits (4.7.4)")
    String[] tls_mandatory_domains() default {};

    @AttributeDefinition(name = "Peer domains", description = "Domains that receive IEMS's pass-through X-IEMS-*"
            + " headers (a relay and the MTA behind it); from all others these headers are removed")
    String[] peer_domains() default {};

    @AttributeDefinition(name = "Connections", description = "The most outbound connections at once")
    @Range(min = 1)
    int max_connections() default 100;

    @AttributeDefinition(name = "Connections per destination", description = "The most connections at once to one"
            + " destination (a domain, the smart host, a transport map host)")
    @Range(min = 1)
    int destination_concurrency() default 10;

    @AttributeDefinition(name = "Recipients per transaction", description = "The most recipients of one message sent"
            + " in one transaction; more go in further transactions")
    @Range(min = 1)
    int destination_recipient_limit() default 50;

    @AttributeDefinition(name = "Connection reuse", description = "Seconds an open connection waits for more mail to"
            + " its destination before it says QUIT")
    int connection_reuse_seconds() default 2;

    @AttributeDefinition(name = "Source address (IPv4)", description = "The local IPv4 address connections to"
            + " IPv4 servers come from (the one the receivers' reverse DNS and SPF checks should see); empty: the"
            + " system chooses")
    String bind_address() default "";

    @AttributeDefinition(name = "Source address (IPv6)", description = "The local IPv6 address connections to"
            + " IPv6 servers come from; empty: the system chooses")
    String bind_address6() default "";

    @AttributeDefinition(name = "Connect timeout", description = "Seconds a TCP connect may take")
    @Range(min = 1)
    int connect_timeout_seconds() default 30;

    @AttributeDefinition(name = "Greeting timeout", description = "Seconds to wait for the 220 greeting (RFC 5321: 5"
            + " minutes)")
    @Range(min = 1)
    int greeting_timeout_seconds() default 300;

    @AttributeDefinition(name = "Command timeout", description = "Seconds to wait for the reply to EHLO, MAIL, RCPT,"
            + " RSET and the like (RFC 5321: 5 minutes)")
    @Range(min = 1)
    int command_timeout_seconds() default 300;

    @AttributeDefinition(name = "DATA timeout", description = "Seconds to wait for the 354 to DATA (RFC 5321: 2"
            + " minutes)")
    @Range(min = 1)
    int data_start_timeout_seconds() default 120;

    @AttributeDefinition(name = "Data block timeout", description = "Seconds one block of the message may take to send"
            + " (RFC 5321: 3 minutes)")
    @Range(min = 1)
    int data_block_timeout_seconds() default 180;

    @AttributeDefinition(name = "End of data timeout", description = "Seconds to wait for the reply to the final dot"
            + " (RFC 5321: 10 minutes)")
    @Range(min = 1)
    int data_end_timeout_seconds() default 600;

    @AttributeDefinition(name = "Lease", description = "Minutes a claimed recipient stays this node's; a claim not"
            + " attempted in three quarters of it is given back")
    @Range(min = 1)
    int lease_minutes() default 60;

    @AttributeDefinition(name = "Backlog", description = "The most recipients claimed from the queue and waiting in the"
            + " destinations' queues at once")
    @Range(min = 1)
    int backlog() default 1000;
}
