package org.iems.directory.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.iems.api.auth.AuthenticationResult;
import org.iems.api.auth.Authenticator;
import org.iems.api.auth.Protocol;
import org.iems.api.config.ConfigurationCheck;
import org.iems.api.directory.Account;
import org.iems.api.directory.Alias;
import org.iems.api.directory.BulkMode;
import org.iems.api.directory.BulkResult;
import org.iems.api.directory.Directory;
import org.iems.api.directory.Domain;
import org.iems.api.directory.DomainAdmin;
import org.iems.api.directory.DomainAlias;
import org.iems.api.directory.NewAccount;
import org.iems.api.directory.Page;
import org.iems.api.directory.RecipientResolution;
import org.iems.api.directory.RecipientResolver;
import org.iems.api.directory.SenderGrant;
import org.iems.api.mail.DomainName;
import org.iems.api.mail.InvalidAddressException;
import org.iems.api.mail.MailAddress;
import org.iems.api.storage.SchemaMigrations;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded directory as one DS component: {@link Directory}, {@link RecipientResolver} and
 * {@link Authenticator} over the IEMS database. Configuration changes (PID
 * {@code org.iems.directory}) apply live through {@link #modified}: default login domains,
 * alias depth, default quota and password-hash cost take effect for the next call.
 */
@Component(service = {Directory.class, RecipientResolver.class, Authenticator.class}, immediate = true,
        configurationPid = "org.iems.directory", configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = DirectoryConfiguration.class)
public final class DirectoryComponent implements Directory, RecipientResolver, Authenticator {

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryComponent.class);
    private static final ConfigurationCheck CHECK = ConfigurationCheck.of("org.iems.directory", DirectoryConfiguration.class);

    private final ExecutorService hashing;
    private final Jdbc jdbc;
    private final EmbeddedDirectory directory;
    private final AliasResolver resolver;
    private final PasswordAuthenticator authenticator;
    private volatile DirectorySettings settings;

    /**
     * Migrates the schema, applies the configuration and, on an empty directory, creates the
     * local domain and its postmaster.
     *
     * @param dataSource the IEMS database
     * @param migrations the schema migration service
     * @param config the configuration
     * @param properties the same, as given, checked first
     */
    @Activate
    public DirectoryComponent(@Reference(name = "dataSource") DataSource dataSource,
            @Reference SchemaMigrations migrations, DirectoryConfiguration config,
            Map<String, Object> properties) {
        CHECK.validate(properties).ifPresent(LOG::warn);
        migrations.migrate(DirectorySchema.OWNER, DirectorySchema.MIGRATIONS);
        this.settings = settingsOf(config);
        AtomicInteger threads = new AtomicInteger();
        this.hashing = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), r -> {
            Thread t = new Thread(r, "iems-directory-hash-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.jdbc = new Jdbc(dataSource);
        jdbc.transactions().publish(DirectoryComponent.class);
        DirectoryStore store = new DirectoryStore();
        Clock clock = Clock.systemUTC();
        this.resolver = new AliasResolver(jdbc, store, () -> settings);
        this.directory = new EmbeddedDirectory(jdbc, store, resolver, () -> settings, hashing, clock);
        this.authenticator = new PasswordAuthenticator(jdbc, store, () -> settings, clock);
        new FirstStart().initialise(directory, settings.localDomain(), postmasterPasswordFile(config), System.out);
    }

    /**
     * Applies a changed configuration without restarting the component.
     *
     * @param config the new configuration
     * @param properties the same, as given, checked first
     */
    @Modified
    void modified(DirectoryConfiguration config, Map<String, Object> properties) {
        CHECK.applyChange("Directory", properties, () -> {
            settings = settingsOf(config);
            LOG.info("Local domain {}, login domains {}", settings.localDomain(), settings.defaultLoginDomains());
        });
    }

    @Deactivate
    void deactivate() {
        hashing.shutdownNow();
        jdbc.transactions().withdraw();
    }

    static Path postmasterPasswordFile(DirectoryConfiguration config) {
        if (!config.postmaster_password_file().isBlank()) {
            return Path.of(config.postmaster_password_file().strip());
        }
        return Path.of(System.getProperty("karaf.data", "data"), "iems", "postmaster.password");
    }

    static DirectorySettings settingsOf(DirectoryConfiguration config) {
        DomainName local = config.local_domain().isBlank() ? hostDomain() : parse("local.domain", config.local_domain());
        Map<Protocol, DomainName> login = new EnumMap<>(Protocol.class);
        putIfSet(login, Protocol.IMAP, "imap.default.domain", config.imap_default_domain());
        putIfSet(login, Protocol.POP3, "pop3.default.domain", config.pop3_default_domain());
        putIfSet(login, Protocol.WEBMAIL, "webmail.default.domain", config.webmail_default_domain());
        putIfSet(login, Protocol.SMTP, "smtp.default.domain", config.smtp_default_domain());
        PasswordHasher hasher = new PasswordHasher(config.password_argon2_memory_kib(),
                config.password_argon2_iterations(), config.password_argon2_parallelism());
        return new DirectorySettings(local, login, config.alias_max_depth(),
                config.default_quota_bytes(), hasher,
                Duration.ofSeconds(config.login_cache_seconds()));
    }

    private static void putIfSet(Map<Protocol, DomainName> map, Protocol protocol, String property, String value) {
        if (!value.isBlank()) {
            map.put(protocol, parse(property, value));
        }
    }

    private static DomainName parse(String property, String value) {
        try {
            return DomainName.parse(value.strip());
        } catch (InvalidAddressException e) {
            throw new IllegalArgumentException("org.iems.directory: " + property + " = '" + value + "' is not a domain: "
                    + e.getMessage(), e);
        }
    }

    private static DomainName hostDomain() {
        try {
            return DomainName.parse(InetAddress.getLocalHost().getCanonicalHostName());
        } catch (UnknownHostException | InvalidAddressException e) {
            LOG.warn("Cannot use this machine's host name as the local domain ({}); using localhost.localdomain:"
                    + " set local.domain in org.iems.directory", e.getMessage());
            return DomainName.parse("localhost.localdomain");
        }
    }

    // ----- delegation: one service object, three contracts

    @Override
    public RecipientResolution resolve(MailAddress recipient) {
        return resolver.resolve(recipient);
    }

    @Override
    public AuthenticationResult authenticate(Protocol protocol, String login, char[] password) {
        return authenticator.authenticate(protocol, login, password);
    }

    @Override
    public MailAddress qualify(Protocol protocol, String login) {
        return authenticator.qualify(protocol, login);
    }

    @Override
    public Domain addDomain(DomainName name) {
        return directory.addDomain(name);
    }

    @Override
    public List<Domain> listDomains() {
        return directory.listDomains();
    }

    @Override
    public Optional<Domain> findDomain(DomainName name) {
        return directory.findDomain(name);
    }

    @Override
    public void removeDomain(DomainName name, boolean force) {
        directory.removeDomain(name, force);
    }

    @Override
    public DomainAlias addDomainAlias(DomainName alias, DomainName target) {
        return directory.addDomainAlias(alias, target);
    }

    @Override
    public List<DomainAlias> listDomainAliases() {
        return directory.listDomainAliases();
    }

    @Override
    public void removeDomainAlias(DomainName alias) {
        directory.removeDomainAlias(alias);
    }

    @Override
    public Account addAccount(NewAccount account) {
        return directory.addAccount(account);
    }

    @Override
    public BulkResult addAccounts(List<NewAccount> accounts, BulkMode mode) {
        return directory.addAccounts(accounts, mode);
    }

    @Override
    public DomainName localDomain() {
        return settings.localDomain();
    }

    @Override
    public Optional<Account> findAccount(MailAddress address) {
        return directory.findAccount(address);
    }

    @Override
    public Page<Account> listAccounts(DomainName domain, int offset, int limit) {
        return directory.listAccounts(domain, offset, limit);
    }

    @Override
    public BulkResult removeAccounts(List<MailAddress> addresses, BulkMode mode) {
        return directory.removeAccounts(addresses, mode);
    }

    @Override
    public void setPassword(MailAddress address, String password) {
        directory.setPassword(address, password);
    }

    @Override
    public void setEnabled(MailAddress address, boolean enabled) {
        directory.setEnabled(address, enabled);
    }

    @Override
    public void setQuota(MailAddress address, long bytes, long messages) {
        directory.setQuota(address, bytes, messages);
    }

    @Override
    public Alias addAlias(Alias alias) {
        return directory.addAlias(alias);
    }

    @Override
    public Page<Alias> listAliases(DomainName domain, int offset, int limit) {
        return directory.listAliases(domain, offset, limit);
    }

    @Override
    public Optional<Alias> findAlias(MailAddress address) {
        return directory.findAlias(address);
    }

    @Override
    public void removeAlias(MailAddress address) {
        directory.removeAlias(address);
    }

    @Override
    public void addDomainAdmin(MailAddress account, DomainName domain) {
        directory.addDomainAdmin(account, domain);
    }

    @Override
    public List<DomainAdmin> listDomainAdmins() {
        return directory.listDomainAdmins();
    }

    @Override
    public void removeDomainAdmin(MailAddress account, DomainName domain) {
        directory.removeDomainAdmin(account, domain);
    }

    @Override
    public void addSenderGrant(SenderGrant grant) {
        directory.addSenderGrant(grant);
    }

    @Override
    public List<SenderGrant> listSenderGrants() {
        return directory.listSenderGrants();
    }

    @Override
    public void removeSenderGrant(SenderGrant grant) {
        directory.removeSenderGrant(grant);
    }

    @Override
    public boolean maySendAs(MailAddress account, MailAddress sender) {
        return directory.maySendAs(account, sender);
    }
}
