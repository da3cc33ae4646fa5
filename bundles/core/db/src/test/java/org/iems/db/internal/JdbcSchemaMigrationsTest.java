package org.iems.db.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.iems.api.storage.SchemaMigration;
import org.iems.testsupport.MemoryDerby;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JdbcSchemaMigrationsTest {

    private DataSource dataSource;
    private SchemaMigrationsComponent migrations;

    private static final SchemaMigration CREATE = new SchemaMigration(1, "create t",
            List.of("CREATE TABLE t (id INT NOT NULL PRIMARY KEY)"));
    private static final SchemaMigration FILL = new SchemaMigration(2, "fill t",
            List.of("INSERT INTO t (id) VALUES (1)", "INSERT INTO t (id) VALUES (2)"));

    @BeforeEach
    void openDatabase() {
        dataSource = MemoryDerby.newDatabase();
        migrations = new SchemaMigrationsComponent(dataSource);
    }

    private int count(String table) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void derbyLooksForDeadlocksAfterTwoSeconds() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "VALUES SYSCS_UTIL.SYSCS_GET_DATABASE_PROPERTY('derby.locks.deadlockTimeout')")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("2");
        }
    }

    @Test
    void appliesStepsInOrderAndRecordsTheVersion() throws SQLException {
        assertThat(migrations.currentVersion("owner")).isZero();
        assertThat(migrations.migrate("owner", List.of(CREATE, FILL))).isEqualTo(2);
        assertThat(migrations.currentVersion("owner")).isEqualTo(2);
        assertThat(count("t")).isEqualTo(2);
    }

    @Test
    void skipsStepsAlreadyApplied() throws SQLException {
        migrations.migrate("owner", List.of(CREATE));
        migrations.migrate("owner", List.of(CREATE, FILL));
        migrations.migrate("owner", List.of(CREATE, FILL));
        assertThat(count("t")).isEqualTo(2);
    }

    @Test
    void keepsOneVersionPerOwner() {
        migrations.migrate("a", List.of(CREATE));
        assertThat(migrations.currentVersion("a")).isEqualTo(1);
        assertThat(migrations.currentVersion("b")).isZero();
    }

    @Test
    void versionTableSurvivesASecondServiceInstance() {
        migrations.migrate("owner", List.of(CREATE));
        SchemaMigrationsComponent again = new SchemaMigrationsComponent(dataSource);
        assertThat(again.currentVersion("owner")).isEqualTo(1);
    }

    @Test
    void failedStepIsRolledBackAndNotRecorded() throws SQLException {
        SchemaMigration broken = new SchemaMigration(2, "broken",
                List.of("INSERT INTO t (id) VALUES (7)", "INSERT INTO no_such_table (id) VALUES (1)"));
        migrations.migrate("owner", List.of(CREATE));
        assertThatThrownBy(() -> migrations.migrate("owner", List.of(CREATE, broken)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("schema migration 2 of owner (broken) failed");
        assertThat(migrations.currentVersion("owner")).isEqualTo(1);
        assertThat(count("t")).isZero();
    }

    @Test
    void refusesADowngrade() {
        migrations.migrate("owner", List.of(CREATE, FILL));
        assertThatThrownBy(() -> migrations.migrate("owner", List.of(CREATE)))
                .hasMessageContaining("newer than this bundle knows");
    }

    @Test
    void refusesGapsInNumbering() {
        assertThatThrownBy(() -> migrations.migrate("owner", List.of(FILL)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be numbered 1..1");
    }
}
