package org.iems.directory.internal;

import java.util.Map;
import java.util.UUID;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.iems.api.storage.JdbcSchemaMigrations;

/**
 * The real embedded directory on a new in-memory Derby database, for other bundles' tests
 * (published in this module's test jar). Cheap Argon2 cost.
 */
public final class TestDirectories {

    private TestDirectories() {
    }

    /**
     * Creates a directory whose first start made {@code localDomain} and its postmaster.
     *
     * @param localDomain the local domain
     * @return the directory component
     */
    public static DirectoryComponent create(String localDomain) {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName("memory:" + UUID.randomUUID());
        ds.setCreateDatabase("create");
        return new DirectoryComponent(ds, JdbcSchemaMigrations.open(ds),
                TestConfig.directory(Map.of("local.domain", localDomain)), Map.of("local.domain", localDomain));
    }
}
