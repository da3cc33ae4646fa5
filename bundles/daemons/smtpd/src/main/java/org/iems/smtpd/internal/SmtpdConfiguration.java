package org.iems.smtpd.internal;

import org.iems.api.config.Networks;
import org.iems.api.config.OneOf;
import org.iems.api.config.Range;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the SMTP server, PID {@code org.iems.smtpd}. */
@ObjectClassDefinition(id = "org.iems.smtpd", name = "IEMS SMTP server",
        description = "ESMTP listeners for mail exchange (25), submission (587) and implicit-TLS submission (465).")
@interface SmtpdConfiguration {

    @AttributeDefinition(name = "Host name", description = "The name in the greeting and Received headers; empty ="
            + " this machine's host name")
    String host_name() default "";

    @AttributeDefinition(name = "MX listener", description = "Whether the mail exchange listener runs")
    boolean mx_enabled() default true;

    @AttributeDefinition(name = "MX address", description = "Address the mail exchange listener binds; 0.0.0.0 = all")
    String mx_host() default "0.0.0.0";

    @AttributeDefinition(name = "MX port", description = "Port of the mail exchange listener")
    @Range(min = Range.PORT_MIN, max = Range.PORT_MAX)
    int mx_port() default 25;

    @AttributeDefinition(name = "MX allowed networks", description = "Networks (CIDR) allowed to connect to the mail"
            + " exchange listener; empty = all not banned")
    @Networks
    String[] mx_allowed_networks() default {};

    @AttributeDefinition(name = "Submission listener", description = "Whether the submission listener runs"
            + " (RFC 6409: AUTH required)")
    boolean submission_enabled() default true;

    @AttributeDefinition(name = "Submission address", description = "Address the submission listener binds")
    String submission_host() default "0.0.0.0";

    @AttributeDefinition(name = "Submission port", description = "Port of the submission listener")
    @Range(min = Range.PORT_MIN, max = Range.PORT_MAX)
    int submission_port() default 587;

    @AttributeDefinition(name = "Submission allowed networks", description = "Networks (CIDR) allowed to connect to"
            + " the submission listener; empty = all not banned")
    @Networks
    String[] submission_allowed_networks() default {};

    @AttributeDefinition(name = "SMTPS listener", description = "Whether the implicit-TLS submission listener runs"
            + " (RFC 8314: AUTH required)")
    boolean smtps_enabled() default true;

    @AttributeDefinition(name = "SMTPS address", description = "Address the implicit-TLS submission listener binds")
    String smtps_host() default "0.0.0.0";

    @AttributeDefinition(name = "SMTPS port", description = "Port of the implicit-TLS submission listener")
    @Range(min = Range.PORT_MIN, max = Range.PORT_MAX)
    int smtps_port() default 465;

    @AttributeDefinition(name = "SMTPS allowed networks", description = "Networks (CIDR) allowed to connect to the"
            + " implicit-TLS listener; empty = all not banned")
    @Networks
    String[] smtps_allowed_networks() default {};

    @AttributeDefinition(name = "Banned networks", description = "Hosts and networks (CIDR) refused on every listener"
            + " at connect, before any greeting or DNS look-up")
    @Networks
    String[] banned_networks() default {};

    @AttributeDefinition(name = "Trusted networks", description = "Networks (CIDR) that may relay without AUTH and"
            + " may AUTH without TLS")
    @Networks
    String[] trusted_networks() default {"127.0.0.0/8", "::1"};

    @AttributeDefinition(name = "Connections per client", description = "Simultaneous connections one client address"
            + " may hold on one listener")
    @Range(min = 1)
    int max_connections_per_client() default 50;

    @AttributeDefinition(name = "Idle timeout", description = "Seconds a client may stay silent before it is"
            + " disconnected (421 4.4.2)")
    @Range(min = 1)
    int idle_timeout_seconds() default 300;

    @AttributeDefinition(name = "Idle timeout before login", description = "Seconds a client of the submission listeners"
            + " that has not logged in (and is not from a trusted network) may stay silent before it is disconnected;"
            + " the mail exchange listener, whose clients never log in, keeps idle.timeout.seconds (RFC 5321 4.5.3.2)")
    @Range(min = 1)
    int login_idle_timeout_seconds() default 60;

    @AttributeDefinition(name = "Largest message", description = "Largest message accepted, in octets (SIZE, 552 5.3.4)")
    @Range(min = 1)
    long max_message_size() default 52428800;

    @AttributeDefinition(name = "Smallest inbound message", description = "Messages smaller than this many octets"
            + " are refused (554 5.7.1); 0 = off")
    long min_inbound_message_size() default 0;

    @AttributeDefinition(name = "Recipients per message", description = "Most recipients of one message (452 4.5.3"
            + " past it)")
    @Range(min = 1)
    int max_recipients() default 1000;

    @AttributeDefinition(name = "Longest line", description = "Longest command or text line in octets, without CRLF"
            + " (RFC 5321: 998)")
    @Range(min = 78)
    int max_line_length() default 998;

    @AttributeDefinition(name = "Errors per connection", description = "Refused commands after which the connection"
            + " is closed (421)")
    @Range(min = 1)
    int max_errors() default 20;

    @AttributeDefinition(name = "Sender login check", description = "Whether an authenticated client may only send"
            + " under its own address, the aliases that deliver to it and the addresses granted to it or its domain"
            + " (iems:sender-grant-add; a grant of * to @domain lifts the check for that domain); others get 553 5.7.1")
    boolean sender_login_check() default true;

    @AttributeDefinition(name = "Tarpit for unknown recipients", description = "Whether refused unknown local"
            + " recipients slow the client's further replies down, per connection and per client across connections"
            + " (see the tarpit.* properties of org.iems.net), so that guessing addresses costs time")
    boolean unknown_recipient_tarpit() default true;

    @AttributeDefinition(name = "Mail for unknown local users", description = "bounce = 550 5.1.1 at RCPT;"
            + " delete = accept and discard (logged); postmaster = accept and deliver to the postmaster")
    @OneOf({"bounce", "delete", "postmaster"})
    String mail_for_invalid_local_user() default "bounce";

    @AttributeDefinition(name = "Messages per user", description = "Messages an authenticated user may send per flow"
            + " window (452 4.7.1 past it); 0 = no limit")
    int flow_max_messages() default 0;

    @AttributeDefinition(name = "Bytes per user", description = "Octets an authenticated user may send per flow"
            + " window; 0 = no limit")
    long flow_max_bytes() default 0;

    @AttributeDefinition(name = "Flow window", description = "Minutes over which messages and bytes per user are"
            + " counted")
    @Range(min = 1)
    int flow_window_minutes() default 60;

    @AttributeDefinition(name = "ETRN clients", description = "Networks (CIDR) whose clients may ask with ETRN (RFC 1985)"
            + " for a domain's queued mail to be sent at once; empty = nobody")
    @Networks
    String[] etrn_allowed_networks() default {"127.0.0.0/8", "::1"};

    @AttributeDefinition(name = "ETRN domains", description = "Domains whose queue ETRN may start; empty = any domain")
    String[] etrn_domains() default {};

    @AttributeDefinition(name = "Peer networks", description = "Networks (CIDR) of peer MTAs (a relay in front of IEMS"
            + " or behind it) whose X-IEMS-* pass-through headers are kept; from every other client they are removed on"
            + " arrival")
    @Networks
    String[] peer_networks() default {};
}
