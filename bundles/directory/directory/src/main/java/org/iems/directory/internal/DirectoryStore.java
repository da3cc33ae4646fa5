package org.iems.directory.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.iems.api.directory.Account;
import org.iems.api.directory.Domain;
import org.iems.api.directory.DomainAlias;
import org.iems.api.directory.SenderGrant;
import org.iems.api.mail.DomainName;
import org.iems.api.mail.MailAddress;

/**
 * The directory's SQL, statement by statement, on a connection the caller's transaction owns.
 * No validation here: {@link EmbeddedDirectory} decides what is allowed.
 */
final class DirectoryStore {

    /** Keys per {@code IN (...)} list, well below every database's parameter limit. */
    private static final int IN_CHUNK = 500;
    private static final int BATCH = 1000;

    /** An account row with the stored password hash, for authentication. */
    record Credentials(MailAddress address, String passwordHash, boolean enabled) {
    }

    /** An account row to insert, password already hashed. */
    record AccountRow(MailAddress address, String displayName, String passwordHash, long quotaBytes) {
    }

    // ----- domains

    void insertDomain(Connection c, DomainName name, Instant created) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO dir_domain (name, created_at) VALUES (?, ?)")) {
            ps.setString(1, name.ascii());
            ps.setTimestamp(2, Timestamp.from(created));
            ps.executeUpdate();
        }
    }

    Optional<Domain> findDomain(Connection c, DomainName name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT name, created_at FROM dir_domain WHERE name = ?")) {
            ps.setString(1, name.ascii());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(domain(rs)) : Optional.empty();
            }
        }
    }

    List<Domain> listDomains(Connection c) throws SQLException {
        List<Domain> domains = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT name, created_at FROM dir_domain ORDER BY name");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                domains.add(domain(rs));
            }
        }
        return domains;
    }

    Set<DomainName> domainNames(Connection c) throws SQLException {
        Set<DomainName> names = new HashSet<>();
        for (Domain d : listDomains(c)) {
            names.add(d.name());
        }
        return names;
    }

    private static Domain domain(ResultSet rs) throws SQLException {
        return new Domain(DomainName.parse(rs.getString(1)), rs.getTimestamp(2).toInstant());
    }

    /** Counts what still uses a domain: accounts, aliases, domain aliases pointing at it. */
    long domainUsage(Connection c, DomainName name) throws SQLException {
        return count(c, "SELECT COUNT(*) FROM dir_account WHERE domain_name = ?", name.ascii())
                + count(c, "SELECT COUNT(*) FROM dir_alias WHERE domain_name = ?", name.ascii())
                + count(c, "SELECT COUNT(*) FROM dir_domain_alias WHERE target_name = ?", name.ascii());
    }

    /** Deletes a domain with everything in it. */
    void deleteDomain(Connection c, DomainName name) throws SQLException {
        String d = name.ascii();
        update(c, "DELETE FROM dir_domain_admin WHERE domain_name = ?", d);
        update(c, "DELETE FROM dir_sender_grant WHERE grantee = ?", SenderGrant.everyAddressOf(name));
        update(c, "DELETE FROM dir_sender_grant WHERE grantee IN (SELECT address_key FROM dir_account WHERE domain_name = ?)", d);
        update(c, "DELETE FROM dir_domain_admin WHERE account_key IN (SELECT address_key FROM dir_account WHERE domain_name = ?)", d);
        update(c, "DELETE FROM dir_alias_target WHERE alias_key IN (SELECT address_key FROM dir_alias WHERE domain_name = ?)", d);
        update(c, "DELETE FROM dir_alias WHERE domain_name = ?", d);
        update(c, "DELETE FROM dir_account WHERE domain_name = ?", d);
        update(c, "DELETE FROM dir_domain_alias WHERE target_name = ?", d);
        update(c, "DELETE FROM dir_domain WHERE name = ?", d);
    }

    // ----- domain aliases

    void insertDomainAlias(Connection c, DomainName alias, DomainName target) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO dir_domain_alias (alias_name, target_name) VALUES (?, ?)")) {
            ps.setString(1, alias.ascii());
            ps.setString(2, target.ascii());
            ps.executeUpdate();
        }
    }

    Optional<DomainName> domainAliasTarget(Connection c, DomainName alias) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT target_name FROM dir_domain_alias WHERE alias_name = ?")) {
            ps.setString(1, alias.ascii());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(DomainName.parse(rs.getString(1))) : Optional.empty();
            }
        }
    }

    List<DomainAlias> listDomainAliases(Connection c) throws SQLException {
        List<DomainAlias> aliases = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT alias_name, target_name FROM dir_domain_alias ORDER BY alias_name");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                aliases.add(new DomainAlias(DomainName.parse(rs.getString(1)), DomainName.parse(rs.getString(2))));
            }
        }
        return aliases;
    }

    boolean deleteDomainAlias(Connection c, DomainName alias) throws SQLException {
        return update(c, "DELETE FROM dir_domain_alias WHERE alias_name = ?", alias.ascii()) > 0;
    }

    // ----- accounts

    void insertAccounts(Connection c, List<AccountRow> rows, Instant created) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO dir_account (address_key, address, domain_name,"
                + " display_name, password_hash, quota_bytes, enabled, created_at, failed_logins)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)")) {
            int pending = 0;
            for (AccountRow row : rows) {
                ps.setString(1, row.address().key());
                ps.setString(2, row.address().toString());
                ps.setString(3, row.address().domain().ascii());
                ps.setString(4, row.displayName());
                ps.setString(5, row.passwordHash());
                ps.setLong(6, row.quotaBytes());
                ps.setBoolean(7, true);
                ps.setTimestamp(8, Timestamp.from(created));
                ps.addBatch();
                if (++pending == BATCH) {
                    ps.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                ps.executeBatch();
            }
        }
    }

    private static final String ACCOUNT_COLUMNS =
            "address, display_name, quota_bytes, quota_messages, enabled, created_at, last_login_at, failed_logins";

    Optional<Account> findAccount(Connection c, MailAddress address) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + ACCOUNT_COLUMNS + " FROM dir_account WHERE address_key = ?")) {
            ps.setString(1, address.key());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(account(rs)) : Optional.empty();
            }
        }
    }

    Optional<Credentials> findCredentials(Connection c, MailAddress address) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT address, password_hash, enabled FROM dir_account WHERE address_key = ?")) {
            ps.setString(1, address.key());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Credentials(MailAddress.parse(rs.getString(1)), rs.getString(2), rs.getBoolean(3)))
                        : Optional.empty();
            }
        }
    }

    List<Account> listAccounts(Connection c, DomainName domain, int offset, int limit) throws SQLException {
        String where = domain == null ? "" : " WHERE domain_name = ?";
        List<Account> accounts = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + ACCOUNT_COLUMNS + " FROM dir_account" + where
                + " ORDER BY address_key OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")) {
            int i = 1;
            if (domain != null) {
                ps.setString(i++, domain.ascii());
            }
            ps.setInt(i++, offset);
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    accounts.add(account(rs));
                }
            }
        }
        return accounts;
    }

    long countAccounts(Connection c, DomainName domain) throws SQLException {
        return domain == null ? count(c, "SELECT COUNT(*) FROM dir_account")
                : count(c, "SELECT COUNT(*) FROM dir_account WHERE domain_name = ?", domain.ascii());
    }

    private static Account account(ResultSet rs) throws SQLException {
        Timestamp lastLogin = rs.getTimestamp(7);
        return new Account(MailAddress.parse(rs.getString(1)), rs.getString(2), rs.getLong(3), rs.getLong(4),
                rs.getBoolean(5), rs.getTimestamp(6).toInstant(), lastLogin == null ? null : lastLogin.toInstant(),
                rs.getInt(8));
    }

    /** Returns those of the keys that are taken by an account or an alias. */
    Set<String> takenKeys(Connection c, Collection<String> keys) throws SQLException {
        Set<String> taken = new HashSet<>();
        taken.addAll(existingKeys(c, "dir_account", keys));
        taken.addAll(existingKeys(c, "dir_alias", keys));
        return taken;
    }

    Set<String> existingAccountKeys(Connection c, Collection<String> keys) throws SQLException {
        return existingKeys(c, "dir_account", keys);
    }

    private static Set<String> existingKeys(Connection c, String table, Collection<String> keys) throws SQLException {
        Set<String> found = new HashSet<>();
        queryIn(c, "SELECT address_key FROM " + table + " WHERE address_key IN (", ")", keys,
                rs -> found.add(rs.getString(1)));
        return found;
    }

    /** Handles one row of a result set. */
    @FunctionalInterface
    private interface RowHandler {
        void row(ResultSet rs) throws SQLException;
    }

    /** Runs {@code before + ?,?,... + after} for the keys in chunks of {@value #IN_CHUNK}. */
    private static void queryIn(Connection c, String before, String after, Collection<String> keys, RowHandler handler)
            throws SQLException {
        List<String> all = new ArrayList<>(keys);
        for (int from = 0; from < all.size(); from += IN_CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + IN_CHUNK));
            String marks = String.join(",", Collections.nCopies(chunk.size(), "?"));
            try (PreparedStatement ps = c.prepareStatement(before + marks + after)) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        handler.row(rs);
                    }
                }
            }
        }
    }

    void deleteAccounts(Connection c, Collection<String> keys) throws SQLException {
        batchUpdate(c, "DELETE FROM dir_domain_admin WHERE account_key = ?", keys);
        batchUpdate(c, "DELETE FROM dir_sender_grant WHERE grantee = ?", keys);
        batchUpdate(c, "DELETE FROM dir_account WHERE address_key = ?", keys);
    }

    boolean updatePassword(Connection c, MailAddress address, String passwordHash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE dir_account SET password_hash = ? WHERE address_key = ?")) {
            ps.setString(1, passwordHash);
            ps.setString(2, address.key());
            return ps.executeUpdate() > 0;
        }
    }

    /** Replaces a password hash if it is still the one given (a password changed meanwhile stays). */
    boolean replacePassword(Connection c, MailAddress address, String expected, String passwordHash)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE dir_account SET password_hash = ? WHERE address_key = ? AND password_hash = ?")) {
            ps.setString(1, passwordHash);
            ps.setString(2, address.key());
            ps.setString(3, expected);
            return ps.executeUpdate() > 0;
        }
    }

    boolean updateEnabled(Connection c, MailAddress address, boolean enabled) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE dir_account SET enabled = ? WHERE address_key = ?")) {
            ps.setBoolean(1, enabled);
            ps.setString(2, address.key());
            return ps.executeUpdate() > 0;
        }
    }

    boolean updateQuota(Connection c, MailAddress address, long bytes, long messages) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE dir_account SET quota_bytes = ?, quota_messages = ? WHERE address_key = ?")) {
            ps.setLong(1, bytes);
            ps.setLong(2, messages);
            ps.setString(3, address.key());
            return ps.executeUpdate() > 0;
        }
    }

    void recordLoginSuccess(Connection c, MailAddress address, Instant when) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE dir_account SET last_login_at = ?, failed_logins = 0 WHERE address_key = ?")) {
            ps.setTimestamp(1, Timestamp.from(when));
            ps.setString(2, address.key());
            ps.executeUpdate();
        }
    }

    void recordLoginFailure(Connection c, MailAddress address) throws SQLException {
        update(c, "UPDATE dir_account SET failed_logins = failed_logins + 1 WHERE address_key = ?", address.key());
    }

    // ----- aliases

    void insertAlias(Connection c, MailAddress address, List<MailAddress> targets) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO dir_alias (address_key, address, domain_name) VALUES (?, ?, ?)")) {
            ps.setString(1, address.key());
            ps.setString(2, address.toString());
            ps.setString(3, address.domain().ascii());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO dir_alias_target (alias_key, seq, target) VALUES (?, ?, ?)")) {
            for (int i = 0; i < targets.size(); i++) {
                ps.setString(1, address.key());
                ps.setInt(2, i);
                ps.setString(3, targets.get(i).toString());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Returns the alias's targets, or empty if there is no alias with that address. */
    Optional<List<MailAddress>> aliasTargets(Connection c, MailAddress address) throws SQLException {
        Map<String, List<MailAddress>> targets = targetsOf(c, List.of(address.key()));
        return Optional.ofNullable(targets.get(address.key()));
    }

    /** Aliases with their display addresses, one page, sorted by key. */
    Map<MailAddress, List<MailAddress>> listAliases(Connection c, DomainName domain, int offset, int limit)
            throws SQLException {
        String where = domain == null ? "" : " WHERE domain_name = ?";
        Map<String, MailAddress> page = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT address_key, address FROM dir_alias" + where
                + " ORDER BY address_key OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")) {
            int i = 1;
            if (domain != null) {
                ps.setString(i++, domain.ascii());
            }
            ps.setInt(i++, offset);
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    page.put(rs.getString(1), MailAddress.parse(rs.getString(2)));
                }
            }
        }
        Map<String, List<MailAddress>> targets = targetsOf(c, page.keySet());
        Map<MailAddress, List<MailAddress>> result = new LinkedHashMap<>();
        page.forEach((key, address) -> result.put(address, targets.getOrDefault(key, List.of())));
        return result;
    }

    long countAliases(Connection c, DomainName domain) throws SQLException {
        return domain == null ? count(c, "SELECT COUNT(*) FROM dir_alias")
                : count(c, "SELECT COUNT(*) FROM dir_alias WHERE domain_name = ?", domain.ascii());
    }

    private static Map<String, List<MailAddress>> targetsOf(Connection c, Collection<String> keys) throws SQLException {
        Map<String, List<MailAddress>> targets = new LinkedHashMap<>();
        queryIn(c, "SELECT alias_key, target FROM dir_alias_target WHERE alias_key IN (", ") ORDER BY alias_key, seq",
                keys, rs -> targets.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                        .add(MailAddress.parse(rs.getString(2))));
        return targets;
    }

    boolean deleteAlias(Connection c, MailAddress address) throws SQLException {
        update(c, "DELETE FROM dir_alias_target WHERE alias_key = ?", address.key());
        return update(c, "DELETE FROM dir_alias WHERE address_key = ?", address.key()) > 0;
    }

    // ----- domain admins

    void insertDomainAdmin(Connection c, MailAddress account, DomainName domain) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO dir_domain_admin (account_key, domain_name) VALUES (?, ?)")) {
            ps.setString(1, account.key());
            ps.setString(2, domain.ascii());
            ps.executeUpdate();
        }
    }

    boolean isDomainAdmin(Connection c, MailAddress account, DomainName domain) throws SQLException {
        return count(c, "SELECT COUNT(*) FROM dir_domain_admin WHERE account_key = ? AND domain_name = ?",
                account.key(), domain.ascii()) > 0;
    }

    /** Administrators (display address) and their domains, sorted. */
    Map<MailAddress, List<DomainName>> listDomainAdmins(Connection c) throws SQLException {
        Map<MailAddress, List<DomainName>> admins = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT a.address, d.domain_name FROM dir_domain_admin d"
                + " JOIN dir_account a ON a.address_key = d.account_key ORDER BY a.address_key, d.domain_name");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                admins.computeIfAbsent(MailAddress.parse(rs.getString(1)), k -> new ArrayList<>())
                        .add(DomainName.parse(rs.getString(2)));
            }
        }
        return admins;
    }

    boolean deleteDomainAdmin(Connection c, MailAddress account, DomainName domain) throws SQLException {
        return update(c, "DELETE FROM dir_domain_admin WHERE account_key = ? AND domain_name = ?",
                account.key(), domain.ascii()) > 0;
    }

    // ----- sender grants

    void insertSenderGrant(Connection c, SenderGrant grant) throws SQLException {
        update(c, "INSERT INTO dir_sender_grant (grantee, sender) VALUES (?, ?)", grant.grantee(), grant.sender());
    }

    boolean deleteSenderGrant(Connection c, SenderGrant grant) throws SQLException {
        return update(c, "DELETE FROM dir_sender_grant WHERE grantee = ? AND sender = ?", grant.grantee(),
                grant.sender()) > 0;
    }

    /** The grants of the given grantees (of everyone when none is given), sorted. */
    List<SenderGrant> senderGrants(Connection c, String... grantees) throws SQLException {
        String where = grantees.length == 0 ? "" : " WHERE grantee IN (" + "?, ".repeat(grantees.length - 1) + "?)";
        List<SenderGrant> grants = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT grantee, sender FROM dir_sender_grant" + where
                + " ORDER BY grantee, sender")) {
            for (int i = 0; i < grantees.length; i++) {
                ps.setString(i + 1, grantees[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    grants.add(new SenderGrant(rs.getString(1), rs.getString(2)));
                }
            }
        }
        return grants;
    }

    // ----- helpers

    private static long count(Connection c, String sql, String... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static int update(Connection c, String sql, String... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            return ps.executeUpdate();
        }
    }

    private static void batchUpdate(Connection c, String sql, Collection<String> keys) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int pending = 0;
            for (String key : keys) {
                ps.setString(1, key);
                ps.addBatch();
                if (++pending == BATCH) {
                    ps.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                ps.executeBatch();
            }
        }
    }
}
