package org.iems.directory.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.iems.api.directory.Account;
import org.iems.api.directory.Alias;
import org.iems.api.directory.BulkFailure;
import org.iems.api.directory.BulkMode;
import org.iems.api.directory.BulkResult;
import org.iems.api.directory.Directory;
import org.iems.api.directory.DirectoryException;
import org.iems.api.directory.DirectoryException.Reason;
import org.iems.api.directory.Domain;
import org.iems.api.directory.DomainAdmin;
import org.iems.api.directory.DomainAlias;
import org.iems.api.directory.NewAccount;
import org.iems.api.directory.Page;
import org.iems.api.directory.SenderGrant;
import org.iems.api.mail.DomainName;
import org.iems.api.mail.MailAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The directory's management rules over the JDBC store: validation first, then one transaction. */
final class EmbeddedDirectory implements Directory {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDirectory.class);

    private final Jdbc jdbc;
    private final DirectoryStore store;
    private final AliasResolver resolver;
    private final Supplier<DirectorySettings> settings;
    private final ExecutorService hashing;
    private final Clock clock;

    EmbeddedDirectory(Jdbc jdbc, DirectoryStore store, AliasResolver resolver, Supplier<DirectorySettings> settings,
            ExecutorService hashing, Clock clock) {
        this.jdbc = jdbc;
        this.store = store;
        this.resolver = resolver;
        this.settings = settings;
        this.hashing = hashing;
        this.clock = clock;
    }

    // ----- domains

    @Override
    public Domain addDomain(DomainName name) {
        Domain domain = jdbc.transaction(c -> {
            if (store.findDomain(c, name).isPresent()) {
                throw new DirectoryException(Reason.DUPLICATE, "domain " + name + " already exists");
            }
            store.insertDomain(c, name, clock.instant());
            return store.findDomain(c, name).orElseThrow();
        });
        LOG.info("Domain added: {}", name);
        return domain;
    }

    @Override
    public List<Domain> listDomains() {
        return jdbc.transaction(store::listDomains);
    }

    @Override
    public Optional<Domain> findDomain(DomainName name) {
        return jdbc.transaction(c -> store.findDomain(c, name));
    }

    @Override
    public void removeDomain(DomainName name, boolean force) {
        jdbc.transaction(c -> {
            requireDomain(c, name);
            long usage = store.domainUsage(c, name);
            if (usage > 0 && !force) {
                throw new DirectoryException(Reason.CONFLICT, "domain " + name + " still has " + usage
                        + " accounts, aliases or domain aliases; remove them first or force the removal");
            }
            store.deleteDomain(c, name);
            return null;
        });
        LOG.info("Domain removed: {}{}", name, force ? " (forced, with its contents)" : "");
    }

    @Override
    public DomainAlias addDomainAlias(DomainName alias, DomainName target) {
        if (alias.equals(target)) {
            throw new DirectoryException(Reason.INVALID, "domain " + alias + " cannot be an alias of itself");
        }
        DomainAlias result = jdbc.transaction(c -> {
            requireDomain(c, target);
            if (store.domainAliasTarget(c, alias).isPresent()) {
                throw new DirectoryException(Reason.DUPLICATE, "domain alias " + alias + " already exists");
            }
            store.insertDomainAlias(c, alias, target);
            return new DomainAlias(alias, target);
        });
        LOG.info("Domain alias added: {} -> {}", alias, target);
        return result;
    }

    @Override
    public List<DomainAlias> listDomainAliases() {
        return jdbc.transaction(store::listDomainAliases);
    }

    @Override
    public void removeDomainAlias(DomainName alias) {
        jdbc.transaction(c -> {
            if (!store.deleteDomainAlias(c, alias)) {
                throw new DirectoryException(Reason.NOT_FOUND, "no domain alias " + alias);
            }
            return null;
        });
        LOG.info("Domain alias removed: {}", alias);
    }

    // ----- accounts

    @Override
    public Account addAccount(NewAccount account) {
        BulkResult result = addAccounts(List.of(account), BulkMode.ALL_OR_NOTHING);
        if (!result.complete()) {
            BulkFailure failure = result.failures().get(0);
            throw new DirectoryException(failure.reason(), failure.problem());
        }
        return findAccount(account.address()).orElseThrow();
    }

    @Override
    public BulkResult addAccounts(List<NewAccount> accounts, BulkMode mode) {
        DirectorySettings config = settings.get();
        List<BulkFailure> failures = new ArrayList<>();
        List<Integer> valid = jdbc.transaction(c -> validateNewAccounts(c, accounts, failures));
        if (!failures.isEmpty() && mode == BulkMode.ALL_OR_NOTHING) {
            return new BulkResult(0, failures);
        }
        List<DirectoryStore.AccountRow> rows = hashAll(accounts, valid, config);
        jdbc.transaction(c -> {
            // checked again inside the writing transaction: another admin may have been faster
            Set<String> keys = new HashSet<>();
            rows.forEach(r -> keys.add(r.address().key()));
            Set<String> taken = store.takenKeys(c, keys);
            if (!taken.isEmpty()) {
                throw new DirectoryException(Reason.DUPLICATE, "accounts were created concurrently: " + taken);
            }
            store.insertAccounts(c, rows, clock.instant());
            return null;
        });
        LOG.info("Accounts added: {} (of {} requested, {} failed)", rows.size(), accounts.size(), failures.size());
        return new BulkResult(rows.size(), failures);
    }

    private List<Integer> validateNewAccounts(Connection c, List<NewAccount> accounts, List<BulkFailure> failures)
            throws SQLException {
        Set<DomainName> domains = store.domainNames(c);
        Set<String> keys = new HashSet<>();
        accounts.forEach(a -> keys.add(a.address().key()));
        Set<String> taken = store.takenKeys(c, keys);
        Set<String> seen = new HashSet<>();
        List<Integer> valid = new ArrayList<>();
        for (int i = 0; i < accounts.size(); i++) {
            NewAccount a = accounts.get(i);
            String key = a.address().key();
            String item = a.address().toString();
            String hashProblem = hashProblem(a.password());
            if (a.password() == null || a.password().isEmpty()) {
                failures.add(new BulkFailure(i, item, Reason.INVALID, "empty password for " + item));
            } else if (hashProblem != null) {
                failures.add(new BulkFailure(i, item, Reason.INVALID, hashProblem + " for " + item));
            } else if (!domains.contains(a.address().domain())) {
                failures.add(new BulkFailure(i, item, Reason.UNKNOWN_DOMAIN,
                        "unknown domain " + a.address().domain() + " for " + item));
            } else if (taken.contains(key)) {
                failures.add(new BulkFailure(i, item, Reason.DUPLICATE, "account or alias " + item + " already exists"));
            } else if (!seen.add(key)) {
                failures.add(new BulkFailure(i, item, Reason.DUPLICATE, item + " is given twice"));
            } else {
                valid.add(i);
            }
        }
        return valid;
    }

    /** Hashes the valid accounts' passwords on the hashing pool: Argon2 is the slow part. */
    /** Why a password in a hash's notation cannot be stored; {@code null} for clear text or a good hash. */
    private static String hashProblem(String password) {
        try {
            if (password != null) {
                PasswordSchemes.storedFormOf(password);
            }
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private List<DirectoryStore.AccountRow> hashAll(List<NewAccount> accounts, List<Integer> valid,
            DirectorySettings config) {
        List<Future<DirectoryStore.AccountRow>> pending = new ArrayList<>(valid.size());
        for (int i : valid) {
            NewAccount a = accounts.get(i);
            long quota = a.quotaBytes() < 0 ? config.defaultQuotaBytes() : a.quotaBytes();
            String displayName = a.displayName() == null ? "" : a.displayName();
            // a hash given in {SCHEME} notation is stored as it is; clear text is hashed, in parallel
            pending.add(hashing.submit(() -> new DirectoryStore.AccountRow(a.address(), displayName,
                    PasswordSchemes.storedFormOf(a.password()).orElseGet(() -> config.hasher().hash(a.password())),
                    quota)));
        }
        List<DirectoryStore.AccountRow> rows = new ArrayList<>(pending.size());
        try {
            for (Future<DirectoryStore.AccountRow> f : pending) {
                rows.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.forEach(f -> f.cancel(true));
            throw new DirectoryException(Reason.STORAGE, "interrupted while hashing passwords");
        } catch (java.util.concurrent.ExecutionException e) {
            pending.forEach(f -> f.cancel(true));
            throw new DirectoryException("password hashing failed: " + e.getCause(), e.getCause());
        }
        return rows;
    }

    @Override
    public DomainName localDomain() {
        return settings.get().localDomain();
    }

    @Override
    public Optional<Account> findAccount(MailAddress address) {
        return jdbc.transaction(c -> store.findAccount(c, address));
    }

    @Override
    public Page<Account> listAccounts(DomainName domain, int offset, int limit) {
        checkPage(offset, limit);
        return jdbc.transaction(c -> new Page<>(store.listAccounts(c, domain, offset, limit), offset,
                store.countAccounts(c, domain)));
    }

    private static void checkPage(int offset, int limit) {
        if (offset < 0 || limit < 1) {
            throw new DirectoryException(Reason.INVALID, "offset must be >= 0 and limit >= 1");
        }
    }

    @Override
    public BulkResult removeAccounts(List<MailAddress> addresses, BulkMode mode) {
        BulkResult result = jdbc.transaction(c -> {
            Set<String> keys = new HashSet<>();
            addresses.forEach(a -> keys.add(a.key()));
            Set<String> existing = store.existingAccountKeys(c, keys);
            List<BulkFailure> failures = new ArrayList<>();
            Set<String> toDelete = new HashSet<>();
            for (int i = 0; i < addresses.size(); i++) {
                MailAddress a = addresses.get(i);
                if (!existing.contains(a.key())) {
                    failures.add(new BulkFailure(i, a.toString(), Reason.NOT_FOUND, "no account " + a));
                } else if (!toDelete.add(a.key())) {
                    failures.add(new BulkFailure(i, a.toString(), Reason.DUPLICATE, a + " is given twice"));
                }
            }
            if (!failures.isEmpty() && mode == BulkMode.ALL_OR_NOTHING) {
                return new BulkResult(0, failures);
            }
            store.deleteAccounts(c, toDelete);
            return new BulkResult(toDelete.size(), failures);
        });
        LOG.info("Accounts removed: {} (of {} requested)", result.applied(), addresses.size());
        return result;
    }

    @Override
    public void setPassword(MailAddress address, String password) {
        if (password == null || password.isEmpty()) {
            throw new DirectoryException(Reason.INVALID, "empty password for " + address);
        }
        String hash = settings.get().hasher().hash(password);
        jdbc.transaction(c -> {
            if (!store.updatePassword(c, address, hash)) {
                throw new DirectoryException(Reason.NOT_FOUND, "no account " + address);
            }
            return null;
        });
        LOG.info("Password changed: {}", address);
    }

    @Override
    public void setEnabled(MailAddress address, boolean enabled) {
        jdbc.transaction(c -> {
            if (!store.updateEnabled(c, address, enabled)) {
                throw new DirectoryException(Reason.NOT_FOUND, "no account " + address);
            }
            return null;
        });
        LOG.info("Account {}: {}", enabled ? "enabled" : "disabled", address);
    }

    @Override
    public void setQuota(MailAddress address, long bytes, long messages) {
        if (bytes < 0 || messages < 0) {
            throw new DirectoryException(Reason.INVALID, "a quota cannot be negative");
        }
        jdbc.transaction(c -> {
            if (!store.updateQuota(c, address, bytes, messages)) {
                throw new DirectoryException(Reason.NOT_FOUND, "no account " + address);
            }
            return null;
        });
        LOG.info("Account {}: quota {} bytes, {} messages (0 = unlimited)", address, bytes, messages);
    }

    // ----- aliases

    @Override
    public Alias addAlias(Alias alias) {
        if (alias.targets().isEmpty()) {
            throw new DirectoryException(Reason.INVALID, "alias " + alias.address() + " needs at least one target");
        }
        Set<String> distinct = new HashSet<>();
        for (MailAddress target : alias.targets()) {
            if (!distinct.add(target.key())) {
                throw new DirectoryException(Reason.INVALID, "target " + target + " is given twice");
            }
        }
        jdbc.transaction(c -> {
            requireDomain(c, alias.address().domain());
            if (!store.takenKeys(c, List.of(alias.address().key())).isEmpty()) {
                throw new DirectoryException(Reason.DUPLICATE, "account or alias " + alias.address() + " already exists");
            }
            if (resolver.reaches(c, alias.targets(), alias.address())) {
                throw new DirectoryException(Reason.LOOP, "alias " + alias.address()
                        + " would make a loop: its targets lead back to it");
            }
            store.insertAlias(c, alias.address(), alias.targets());
            return null;
        });
        LOG.info("Alias added: {} -> {}", alias.address(), alias.targets());
        return alias;
    }

    @Override
    public Page<Alias> listAliases(DomainName domain, int offset, int limit) {
        checkPage(offset, limit);
        return jdbc.transaction(c -> {
            List<Alias> aliases = new ArrayList<>();
            store.listAliases(c, domain, offset, limit).forEach((a, t) -> aliases.add(new Alias(a, t)));
            return new Page<>(aliases, offset, store.countAliases(c, domain));
        });
    }

    @Override
    public Optional<Alias> findAlias(MailAddress address) {
        return jdbc.transaction(c -> store.aliasTargets(c, address).map(t -> new Alias(address, t)));
    }

    @Override
    public void removeAlias(MailAddress address) {
        jdbc.transaction(c -> {
            if (!store.deleteAlias(c, address)) {
                throw new DirectoryException(Reason.NOT_FOUND, "no alias " + address);
            }
            return null;
        });
        LOG.info("Alias removed: {}", address);
    }

    // ----- domain admins

    @Override
    public void addDomainAdmin(MailAddress account, DomainName domain) {
        jdbc.transaction(c -> {
            requireDomain(c, domain);
            if (store.findAccount(c, account).isEmpty()) {
                throw new DirectoryException(Reason.NOT_FOUND, "no account " + account);
            }
            if (store.isDomainAdmin(c, account, domain)) {
                throw new DirectoryException(Reason.DUPLICATE, account + " already administers " + domain);
            }
            store.insertDomainAdmin(c, account, domain);
            return null;
        });
        LOG.info("Domain admin added: {} administers {}", account, domain);
    }

    @Override
    public List<DomainAdmin> listDomainAdmins() {
        return jdbc.transaction(c -> {
            List<DomainAdmin> admins = new ArrayList<>();
            store.listDomainAdmins(c).forEach((a, d) -> admins.add(new DomainAdmin(a, d)));
            return admins;
        });
    }

    @Override
    public void removeDomainAdmin(MailAddress account, DomainName domain) {
        jdbc.transaction(c -> {
            if (!store.deleteDomainAdmin(c, account, domain)) {
                throw new DirectoryException(Reason.NOT_FOUND, account + " does not administer " + domain);
            }
            return null;
        });
        LOG.info("Domain admin removed: {} no longer administers {}", account, domain);
    }

    // ----- sender grants

    @Override
    public void addSenderGrant(SenderGrant grant) {
        jdbc.transaction(c -> {
            if (grant.grantee().startsWith("@")) {
                requireDomain(c, DomainName.parse(grant.grantee().substring(1)));
            } else if (store.findAccount(c, MailAddress.parse(grant.grantee())).isEmpty()) {
                throw new DirectoryException(Reason.NOT_FOUND, "no account " + grant.grantee());
            }
            if (store.senderGrants(c, grant.grantee()).contains(grant)) {
                throw new DirectoryException(Reason.DUPLICATE, grant.grantee() + " may already send as " + grant.sender());
            }
            store.insertSenderGrant(c, grant);
            return null;
        });
        LOG.info("Sender grant added: {} may send as {}", grant.grantee(), grant.sender());
    }

    @Override
    public List<SenderGrant> listSenderGrants() {
        return jdbc.transaction(c -> store.senderGrants(c));
    }

    @Override
    public void removeSenderGrant(SenderGrant grant) {
        jdbc.transaction(c -> {
            if (!store.deleteSenderGrant(c, grant)) {
                throw new DirectoryException(Reason.NOT_FOUND, grant.grantee() + " has no grant to send as " + grant.sender());
            }
            return null;
        });
        LOG.info("Sender grant removed: {} may no longer send as {}", grant.grantee(), grant.sender());
    }

    @Override
    public boolean maySendAs(MailAddress account, MailAddress sender) {
        if (account.equals(sender)) {
            return true;
        }
        return jdbc.transaction(c -> resolver.resolve(c, sender).accounts().contains(account)
                || store.senderGrants(c, account.key(), SenderGrant.everyAddressOf(account.domain())).stream()
                        .anyMatch(g -> g.covers(account, sender)));
    }

    private void requireDomain(Connection c, DomainName name) throws SQLException {
        if (store.findDomain(c, name).isEmpty()) {
            throw new DirectoryException(Reason.UNKNOWN_DOMAIN, "unknown domain " + name);
        }
    }
}
