package org.iems.smtpd.internal.session;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.UUID;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.iems.db.internal.SchemaMigrationsComponent;
import org.iems.directory.internal.DirectoryComponent;
import org.iems.directory.internal.DirectoryConfiguration;

/** The real embedded directory on an in-memory Derby database, for session tests. */
final class TestDirectory {

    private TestDirectory() {
    }

    static DirectoryComponent create(String localDomain) {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName("memory:" + UUID.randomUUID());
        ds.setCreateDatabase("create");
        Map<String, Object> values = Map.of("local.domain", localDomain, "password.argon2.memory.kib", 64,
                "password.argon2.iterations", 1);
        DirectoryConfiguration config = (DirectoryConfiguration) Proxy.newProxyInstance(
                TestDirectory.class.getClassLoader(), new Class<?>[] {DirectoryConfiguration.class},
                (proxy, method, args) -> values.getOrDefault(method.getName().replace('_', '.'), method.getDefaultValue()));
        return new DirectoryComponent(ds, new SchemaMigrationsComponent(ds), config);
    }
}
