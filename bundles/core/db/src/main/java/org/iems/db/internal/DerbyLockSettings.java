package org.iems.db.internal;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Derby looks for deadlocks only once a lock has been waited for {@code derby.locks.deadlockTimeout}
 * seconds, 20 by default; every deadlock stalled the transactions in it that long before one was
 * chosen, rolled back and retried (a whole queue's deliveries stood still for 18 s in the
 * benchmark). The IEMS database asks Derby to look after {@value #DEADLOCK_SECONDS} seconds. On
 * PostgreSQL nothing is set: it checks after {@code deadlock_timeout} (1 s by default).
 *
 * <p>The distribution's other Derby setting, how often a statement's plan is re-checked, must be
 * in place before Derby boots, so it is a system property in {@code etc/custom.system.properties}
 * (docs/adr/0021), not set here.
 */
final class DerbyLockSettings {

    private static final Logger LOG = LoggerFactory.getLogger(DerbyLockSettings.class);
    static final String DEADLOCK_SECONDS = "2";

    private DerbyLockSettings() {
    }

    static void apply(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            if (!c.getMetaData().getDatabaseProductName().contains("Derby")) {
                return;
            }
            try (CallableStatement call = c.prepareCall(
                    "CALL SYSCS_UTIL.SYSCS_SET_DATABASE_PROPERTY('derby.locks.deadlockTimeout', ?)")) {
                call.setString(1, DEADLOCK_SECONDS);
                call.execute();
            }
            if (!c.getAutoCommit()) {
                c.commit();
            }
            LOG.info("Derby: deadlocks are looked for after {} s of waiting for a lock", DEADLOCK_SECONDS);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set Derby's deadlock timeout: " + e.getMessage(), e);
        }
    }
}
