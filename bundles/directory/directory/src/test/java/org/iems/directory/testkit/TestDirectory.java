package org.iems.directory.testkit;

import java.util.Map;
import javax.sql.DataSource;
import org.iems.api.auth.Authenticator;
import org.iems.api.directory.Directory;
import org.iems.api.directory.RecipientResolver;
import org.iems.api.storage.JdbcSchemaMigrations;
import org.iems.directory.internal.DirectoryComponent;
import org.iems.directory.internal.TestConfig;
import org.iems.testsupport.MemoryDerby;

/**
 * The real embedded directory on a new in-memory Derby database, with a cheap Argon2 cost, for
 * other bundles' tests (published in this module's test jar). Those tests meet it through its
 * api roles only, so a change inside the directory changes this class and no other bundle's tests.
 */
public final class TestDirectory {

    private final DirectoryComponent directory;

    private TestDirectory(DirectoryComponent directory) {
        this.directory = directory;
    }

    /**
     * A directory whose first start made {@code localDomain} and its postmaster.
     *
     * @param localDomain the local domain
     * @return the directory
     */
    public static TestDirectory create(String localDomain) {
        DataSource ds = MemoryDerby.newDatabase();
        Map<String, Object> config = Map.of("local.domain", localDomain);
        return new TestDirectory(new DirectoryComponent(ds, JdbcSchemaMigrations.open(ds), TestConfig.directory(config),
                config));
    }

    /** Accounts, domains and aliases, as the shell keeps them. */
    public Directory directory() {
        return directory;
    }

    /** Recipient resolution, as smtpd and the preprocessor ask it. */
    public RecipientResolver recipients() {
        return directory;
    }

    /** Logins, as the daemons check them. */
    public Authenticator authenticator() {
        return directory;
    }
}
