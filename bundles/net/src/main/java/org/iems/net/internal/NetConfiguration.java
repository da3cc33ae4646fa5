package org.iems.net.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration shared by every listener, PID {@code org.iems.net}. */
@ObjectClassDefinition(id = "org.iems.net", name = "IEMS network plumbing",
        description = "TLS, connection limits and login throttling shared by the SMTP, IMAP and POP3 listeners.")
public @interface NetConfiguration {

    @AttributeDefinition(name = "TLS keystore", description = "PKCS#12 keystore with the server's key and certificate;"
            + " a relative path is under Karaf's etc folder; a self-signed one is generated there if the file is missing")
    String tls_keystore() default "iems-tls.p12";

    @AttributeDefinition(name = "TLS keystore password", description = "Password of the keystore and of its key",
            type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
    String tls_keystore_password() default "changeit";

    @AttributeDefinition(name = "Certificate name", description = "Host name put in a generated certificate;"
            + " empty = this machine's host name")
    String tls_certificate_name() default "";

    @AttributeDefinition(name = "TLS protocols", description = "TLS versions offered, separated by spaces or commas; only TLSv1.3"
            + " and TLSv1.2 are accepted")
    String tls_protocols() default "TLSv1.3 TLSv1.2";

    @AttributeDefinition(name = "Connections in all", description = "Most simultaneous client connections over all"
            + " listeners; more are closed at once")
    int max_connections() default 2000;

    @AttributeDefinition(name = "Worker threads", description = "Threads that run protocol work (directory, store,"
            + " DNS) off the network I/O threads")
    int worker_threads() default 64;

    @AttributeDefinition(name = "Login failures", description = "Failed logins from one client address, over all"
            + " protocols, after which further attempts are refused for the rest of the window")
    int auth_max_failures() default 10;

    @AttributeDefinition(name = "Login failure window", description = "The window, in seconds, over which failed"
            + " logins are counted")
    int auth_failure_window_seconds() default 300;
}
