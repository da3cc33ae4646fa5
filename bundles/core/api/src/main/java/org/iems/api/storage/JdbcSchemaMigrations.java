package org.iems.api.storage;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies schema migrations and records them in {@code iems_schema_version}, one row per owner.
 * Each step and its version row are committed together. The db bundle publishes one over the
 * IEMS DataSource as the {@link SchemaMigrations} service; tests open one over their database.
 *
 * @since 1.3
 */
public final class JdbcSchemaMigrations implements SchemaMigrations {

    /** The version table's name. */
    public static final String VERSION_TABLE = "iems_schema_version";
    private static final Logger LOG = LoggerFactory.getLogger(JdbcSchemaMigrations.class);

    private final DataSource dataSource;

    private JdbcSchemaMigrations(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Migrations over a database, its version table created on first use.
     *
     * @param dataSource the database
     * @return the migrations
     * @throws IllegalStateException if the version table cannot be created
     */
    public static JdbcSchemaMigrations open(DataSource dataSource) {
        JdbcSchemaMigrations migrations = new JdbcSchemaMigrations(dataSource);
        migrations.ensureVersionTable();
        return migrations;
    }

    private void ensureVersionTable() {
        try (Connection c = dataSource.getConnection()) {
            if (!tableExists(c.getMetaData(), VERSION_TABLE)) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE " + VERSION_TABLE + " (owner VARCHAR(128) NOT NULL PRIMARY KEY, "
                            + "version INT NOT NULL, applied_at TIMESTAMP NOT NULL)");
                }
                commitIfNeeded(c);
                LOG.info("Created the schema version table {}", VERSION_TABLE);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create " + VERSION_TABLE + ": " + e.getMessage(), e);
        }
    }

    private static boolean tableExists(DatabaseMetaData meta, String table) throws SQLException {
        // Derby folds unquoted names to upper case, PostgreSQL to lower case.
        for (String name : List.of(table.toUpperCase(Locale.ROOT), table.toLowerCase(Locale.ROOT))) {
            try (ResultSet rs = meta.getTables(null, null, name, new String[] {"TABLE"})) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void commitIfNeeded(Connection c) throws SQLException {
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }

    @Override
    public int currentVersion(String owner) {
        try (Connection c = dataSource.getConnection()) {
            return currentVersion(c, owner);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the schema version of " + owner + ": " + e.getMessage(), e);
        }
    }

    private static int currentVersion(Connection c, String owner) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT version FROM " + VERSION_TABLE + " WHERE owner = ?")) {
            ps.setString(1, owner);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    @Override
    public synchronized int migrate(String owner, List<SchemaMigration> migrations) {
        checkSequence(owner, migrations);
        int current = currentVersion(owner);
        if (current > migrations.size()) {
            throw new IllegalStateException("the database holds schema version " + current + " of " + owner
                    + ", newer than this bundle knows (" + migrations.size() + "): downgrade refused");
        }
        for (SchemaMigration step : migrations.subList(current, migrations.size())) {
            apply(owner, step);
            current = step.version();
        }
        return current;
    }

    private static void checkSequence(String owner, List<SchemaMigration> migrations) {
        for (int i = 0; i < migrations.size(); i++) {
            if (migrations.get(i).version() != i + 1) {
                throw new IllegalArgumentException("migrations of " + owner + " must be numbered 1.." + migrations.size()
                        + " in order; found version " + migrations.get(i).version() + " at position " + (i + 1));
            }
        }
    }

    private void apply(String owner, SchemaMigration step) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (Statement s = c.createStatement()) {
                    for (String sql : step.statements()) {
                        s.execute(sql);
                    }
                }
                recordVersion(c, owner, step.version());
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
            LOG.info("Schema of {} migrated to version {}: {}", owner, step.version(), step.description());
        } catch (SQLException e) {
            throw new IllegalStateException("schema migration " + step.version() + " of " + owner + " ("
                    + step.description() + ") failed: " + e.getMessage(), e);
        }
    }

    private static void recordVersion(Connection c, String owner, int version) throws SQLException {
        Timestamp now = Timestamp.from(Instant.now());
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE " + VERSION_TABLE + " SET version = ?, applied_at = ? WHERE owner = ?")) {
            update.setInt(1, version);
            update.setTimestamp(2, now);
            update.setString(3, owner);
            if (update.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO " + VERSION_TABLE + " (owner, version, applied_at) VALUES (?, ?, ?)")) {
            insert.setString(1, owner);
            insert.setInt(2, version);
            insert.setTimestamp(3, now);
            insert.executeUpdate();
        }
    }
}
