package org.iems.db.internal;

import java.util.List;
import javax.sql.DataSource;
import org.iems.api.storage.JdbcSchemaMigrations;
import org.iems.api.storage.SchemaMigration;
import org.iems.api.storage.SchemaMigrations;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Publishes {@link SchemaMigrations} over the IEMS DataSource, the one pax-jdbc creates from
 * {@code etc/org.ops4j.datasource-iems.cfg} ({@code dataSourceName=iems}). The target can be
 * changed with the {@code dataSource.target} property of PID {@code org.iems.db}.
 */
@Component(service = SchemaMigrations.class, configurationPid = "org.iems.db",
        property = "dataSource.target=(dataSourceName=iems)")
public final class SchemaMigrationsComponent implements SchemaMigrations {

    private final JdbcSchemaMigrations migrations;

    /**
     * Creates the service over the IEMS DataSource and makes sure the version table exists.
     *
     * @param dataSource the IEMS database
     */
    @Activate
    public SchemaMigrationsComponent(@Reference(name = "dataSource") DataSource dataSource) {
        this.migrations = JdbcSchemaMigrations.open(dataSource);
        DerbyLockSettings.apply(dataSource);
    }

    @Override
    public int migrate(String owner, List<SchemaMigration> steps) {
        return migrations.migrate(owner, steps);
    }

    @Override
    public int currentVersion(String owner) {
        return migrations.currentVersion(owner);
    }
}
