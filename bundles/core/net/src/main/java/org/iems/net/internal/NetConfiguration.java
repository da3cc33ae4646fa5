package org.iems.net.internal;

import org.iems.api.config.Range;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration shared by every listener, PID {@code org.iems.net}. */
@ObjectClassDefinition(id = "org.iems.net", name = "IEMS network plumbing",
        description = "TLS, connection limits, login throttling and the tarpit shared by the SMTP, IMAP and POP3"
                + " listeners.")
public @interface NetConfiguration {

    @AttributeDefinition(name = "TLS keystore", description = "PKCS#12 keystore with the server's key and certificate;"
            + " a relative path is under Karaf's etc folder; a self-signed one is generated there if the file is missing")
    String tls_keystore() default "iems-tls.p12";

    @AttributeDefinition(name = "TLS keystore password", description = "Password of the keystore and of its key;"
            + " empty = the password generated for this installation with the self-signed keystore, kept in the"
            + " keystore's name + .password, readable by the server's user only",
            type = AttributeType.PASSWORD)
    String tls_keystore_password() default "";

    @AttributeDefinition(name = "Certificate name", description = "Host name put in a generated certificate;"
            + " empty = this machine's host name")
    String tls_certificate_name() default "";

    @AttributeDefinition(name = "TLS protocols", description = "TLS versions offered, separated by spaces or commas; only TLSv1.3"
            + " and TLSv1.2 are accepted")
    String[] tls_protocols() default {"TLSv1.3", "TLSv1.2"};

    @AttributeDefinition(name = "TLS cipher suites", description = "Cipher suites offered, in Java's names, separated by"
            + " spaces or commas; only forward-secret suites with authenticated encryption (TLS 1.3, ECDHE or DHE with"
            + " AES-GCM or ChaCha20-Poly1305) are accepted; empty is Mozilla's intermediate profile")
    String[] tls_cipher_suites() default {};

    @AttributeDefinition(name = "Connections in all", description = "Most simultaneous client connections over all"
            + " listeners; at the limit, a new client makes room by closing the longest silent connection that has not"
            + " logged in and is not from a trusted network, and is refused when there is none")
    @Range(min = 1)
    int max_connections() default 2000;

    @AttributeDefinition(name = "IPv6 prefix per client", description = "IPv6 addresses within one network of this prefix"
            + " length count as one client for the per-client connection limits, the login throttle and the tarpit")
    @Range(min = 32, max = 128)
    int ipv6_prefix_length() default 64;

    @AttributeDefinition(name = "Worker threads", description = "Threads that run protocol work (directory, store,"
            + " DNS) off the network I/O threads")
    @Range(min = 1)
    int worker_threads() default 64;

    @AttributeDefinition(name = "Free login failures", description = "Failed logins a client (address or IPv6 prefix),"
            + " and an account, may have within the window before the replies to its further logins are delayed")
    int auth_free_failures() default 3;

    @AttributeDefinition(name = "Longest login delay", description = "Seconds: the delay of a throttled login reply"
            + " starts at 1 and doubles with each further failure up to this; the right password is answered"
            + " after the delay too, never refused; 0 = no delays")
    int auth_max_delay_seconds() default 15;

    @AttributeDefinition(name = "Login failure window", description = "The window, in seconds, over which failed"
            + " logins are counted")
    @Range(min = 1)
    int auth_failure_window_seconds() default 300;

    @AttributeDefinition(name = "Tarpit: free errors per connection", description = "Errors of the kind address"
            + " harvesters make (SMTP: unknown recipients) one connection may make before its replies are delayed")
    int tarpit_free_per_connection() default 3;

    @AttributeDefinition(name = "Tarpit: free errors per client", description = "Such errors one client (address or"
            + " IPv6 prefix) may make over all its connections within the tarpit window before its replies are"
            + " delayed")
    int tarpit_free_per_client() default 10;

    @AttributeDefinition(name = "Tarpit: longest delay", description = "Seconds: the delay starts at 1 and doubles with"
            + " each further error up to this; 0 = no tarpit")
    int tarpit_max_delay_seconds() default 10;

    @AttributeDefinition(name = "Tarpit window", description = "The window, in seconds, over which a client's errors"
            + " are counted across its connections")
    @Range(min = 1)
    int tarpit_window_seconds() default 600;
}
