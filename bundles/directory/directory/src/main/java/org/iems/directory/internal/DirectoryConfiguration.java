package org.iems.directory.internal;

import org.iems.api.config.Range;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the embedded directory, PID {@code org.iems.directory}. */
@ObjectClassDefinition(id = "org.iems.directory", name = "IEMS embedded directory",
        description = "Domains, accounts, aliases and authentication kept in the IEMS database.")
public @interface DirectoryConfiguration {

    @AttributeDefinition(name = "Local domain", description = "Domain created with postmaster@ on first start,"
            + " and login domain of protocols without their own; empty = this machine's host name")
    String local_domain() default "";

    @AttributeDefinition(name = "IMAP default domain", description = "Domain appended to IMAP logins without"
            + " one; empty = the local domain")
    String imap_default_domain() default "";

    @AttributeDefinition(name = "POP3 default domain", description = "Domain appended to POP3 logins without"
            + " one; empty = the local domain")
    String pop3_default_domain() default "";

    @AttributeDefinition(name = "Web mail default domain", description = "Domain appended to web mail logins"
            + " without one; empty = the local domain")
    String webmail_default_domain() default "";

    @AttributeDefinition(name = "SMTP default domain", description = "Domain appended to SMTP AUTH logins"
            + " without one; empty = the local domain")
    String smtp_default_domain() default "";

    @AttributeDefinition(name = "Alias depth", description = "How many alias levels a recipient is expanded through")
    @Range(min = 1)
    int alias_max_depth() default 10;

    @AttributeDefinition(name = "Default quota", description = "Mailbox quota in bytes of accounts created"
            + " without one; 0 = unlimited")
    long default_quota_bytes() default 0;

    @AttributeDefinition(name = "Argon2 memory", description = "Argon2id memory cost of new password hashes, in KiB")
    @Range(min = 8)
    int password_argon2_memory_kib() default 19456;

    @AttributeDefinition(name = "Argon2 iterations", description = "Argon2id time cost of new password hashes")
    @Range(min = 1)
    int password_argon2_iterations() default 2;

    @AttributeDefinition(name = "Argon2 lanes", description = "Argon2id parallelism of new password hashes")
    @Range(min = 1, max = 64)
    int password_argon2_parallelism() default 1;

    @AttributeDefinition(name = "Login cache", description = "Seconds a successful password check is remembered, so"
            + " repeated logins skip the Argon2id run (a changed password is checked afresh); 0 = off")
    int login_cache_seconds() default 300;

    @AttributeDefinition(name = "Postmaster password file", description = "Where the first start writes the"
            + " generated password of the postmaster, readable by the server's user only (it is never logged); empty ="
            + " iems/postmaster.password under Karaf's data folder")
    String postmaster_password_file() default "";

    @AttributeDefinition(name = "DataSource filter", description = "OSGi filter selecting the IEMS DataSource")
    String dataSource_target() default "(dataSourceName=iems)";
}
