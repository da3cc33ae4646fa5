package org.iems.store.internal.mailbox;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.iems.api.mail.MailAddress;
import org.iems.api.store.MaildropLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maildrop locks in the database, so they hold across nodes: one row per locked account, with
 * its holder and the end of its lease. Taking a lock first removes a row whose lease ended, then
 * inserts; of two sessions racing, the primary key lets one in.
 */
final class MaildropLocks {

    private static final Logger LOG = LoggerFactory.getLogger(MaildropLocks.class);

    private final DataSource dataSource;
    private final Clock clock;

    MaildropLocks(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    Optional<MaildropLock> lock(MailAddress account, Duration lease) throws IOException {
        String holder = UUID.randomUUID().toString();
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM st_maildrop_lock WHERE account_key = ? AND expires_at < ?")) {
                ps.setString(1, account.key());
                ps.setTimestamp(2, Timestamp.from(now));
                if (ps.executeUpdate() > 0) {
                    LOG.info("The maildrop lock of {} outlived its lease (its node stopped?); taken over", account);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO st_maildrop_lock (account_key, holder, expires_at) VALUES (?, ?, ?)")) {
                ps.setString(1, account.key());
                ps.setString(2, holder);
                ps.setTimestamp(3, Timestamp.from(now.plus(lease)));
                ps.executeUpdate();
            } catch (SQLException e) {
                if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                    return Optional.empty();
                }
                throw e;
            }
            return Optional.of(new Held(account, holder, lease, now));
        } catch (SQLException e) {
            throw new IOException("cannot lock the maildrop of " + account + ": " + e.getMessage(), e);
        }
    }

    private final class Held implements MaildropLock {
        private final MailAddress account;
        private final String holder;
        private final Duration lease;
        private volatile Instant renewed;

        Held(MailAddress account, String holder, Duration lease, Instant taken) {
            this.account = account;
            this.holder = holder;
            this.lease = lease;
            this.renewed = taken;
        }

        @Override
        public void renew() throws IOException {
            Instant now = clock.instant();
            if (Duration.between(renewed, now).compareTo(lease.dividedBy(2)) < 0) {
                return;
            }
            update("UPDATE st_maildrop_lock SET expires_at = ? WHERE account_key = ? AND holder = ?",
                    Timestamp.from(now.plus(lease)));
            renewed = now;
        }

        @Override
        public void close() {
            try {
                update("DELETE FROM st_maildrop_lock WHERE account_key = ? AND holder = ?", null);
            } catch (IOException e) {
                LOG.warn("Cannot release the maildrop lock of {}; its lease ends it: {}", account, e.toString());
            }
        }

        private void update(String sql, Timestamp expires) throws IOException {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
                c.setAutoCommit(true);
                int at = 1;
                if (expires != null) {
                    ps.setTimestamp(at++, expires);
                }
                ps.setString(at++, account.key());
                ps.setString(at, holder);
                ps.executeUpdate();
            } catch (SQLException e) {
                throw new IOException("cannot update the maildrop lock of " + account + ": " + e.getMessage(), e);
            }
        }
    }
}
