package org.iems.directory.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.iems.api.auth.AuthenticationResult.Outcome;
import org.iems.api.auth.Protocol;
import org.iems.api.directory.Account;
import org.iems.api.directory.Alias;
import org.iems.api.directory.BulkMode;
import org.iems.api.directory.BulkResult;
import org.iems.api.directory.DirectoryException;
import org.iems.api.directory.DirectoryException.Reason;
import org.iems.api.directory.DomainAdmin;
import org.iems.api.directory.NewAccount;
import org.iems.api.directory.Page;
import org.iems.api.directory.RecipientResolution;
import org.iems.api.directory.RecipientResolution.Kind;
import org.iems.api.directory.SenderGrant;
import org.iems.api.mail.DomainName;
import org.iems.api.mail.MailAddress;
import org.iems.api.storage.JdbcSchemaMigrations;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The directory's behaviour over a real database. Subclasses supply the database: Derby
 * (always) and PostgreSQL (the {@code postgres} Maven profile, which the test command enables).
 */
abstract class DirectoryStorageContract {

    private DataSource dataSource;
    private DirectoryComponent directory;

    /** A new, empty database for each test. */
    abstract DataSource newDatabase() throws Exception;

    @BeforeEach
    void createDirectory() throws Exception {
        dataSource = newDatabase();
        directory = start(Map.of("local.domain", "ima.com"));
    }

    private DirectoryComponent start(Map<String, Object> config) {
        return new DirectoryComponent(dataSource, JdbcSchemaMigrations.open(dataSource), TestConfig.directory(config), config);
    }

    private static MailAddress a(String text) {
        return MailAddress.parse(text);
    }

    private static DomainName d(String text) {
        return DomainName.parse(text);
    }

    private void account(String address, String password) {
        directory.addAccount(new NewAccount(a(address), password, "", NewAccount.DEFAULT_QUOTA));
    }

    // ----- first start and domains

    @Test
    void firstStartCreatesLocalDomainAndPostmasterWithAHashedPassword() throws Exception {
        assertThat(directory.listDomains()).extracting(x -> x.name().ascii()).containsExactly("ima.com");
        assertThat(directory.findAccount(a("postmaster@ima.com"))).isPresent();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT password_hash FROM dir_account");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            assertThat(rs.getString(1)).startsWith("$argon2id$");
        }
    }

    @Test
    void firstStartWritesAPasswordThatWorksToAPrivateFileAndRunsOnlyOnce(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Path file = dir.resolve("iems/postmaster.password");
        DirectoryComponent again = start(Map.of("local.domain", "ima.com"));
        assertThat(new FirstStart().initialise(again, d("ima.com"), file, new PrintStream(console))).isFalse();
        assertThat(console.size()).isZero();
        assertThat(file).doesNotExist();

        directory.removeDomain(d("ima.com"), true);
        assertThat(new FirstStart().initialise(again, d("other.org"), file, new PrintStream(console, true))).isTrue();
        String password = Files.readString(file).strip();
        assertThat(password).hasSize(20);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(console.toString(StandardCharsets.UTF_8)).contains(file.toString()).doesNotContain(password);
        assertThat(again.authenticate(Protocol.IMAP, "postmaster@other.org", password.toCharArray()).success()).isTrue();
    }

    @Test
    void domainsAreAddedListedAndRemoved() {
        directory.addDomain(d("Jade.NET"));
        assertThat(directory.listDomains()).extracting(x -> x.name().ascii()).containsExactly("ima.com", "jade.net");
        assertThatThrownBy(() -> directory.addDomain(d("jade.net"))).isInstanceOf(DirectoryException.class)
                .hasMessage("domain jade.net already exists");
        directory.removeDomain(d("jade.net"), false);
        assertThat(directory.findDomain(d("jade.net"))).isEmpty();
        assertThatThrownBy(() -> directory.removeDomain(d("jade.net"), false)).hasMessage("unknown domain jade.net");
    }

    @Test
    void domainInUseIsRemovedOnlyWhenForced() {
        account("bart@ima.com", "pw");
        assertThatThrownBy(() -> directory.removeDomain(d("ima.com"), false))
                .isInstanceOf(DirectoryException.class).hasMessageContaining("still has 2 accounts");
        directory.addDomain(d("jade.net"));
        directory.addDomainAlias(d("jade.net"), d("ima.com"));
        directory.addAlias(new Alias(a("all@ima.com"), List.of(a("bart@ima.com"))));
        directory.addDomainAdmin(a("bart@ima.com"), d("ima.com"));
        directory.removeDomain(d("ima.com"), true);
        assertThat(directory.findAccount(a("bart@ima.com"))).isEmpty();
        assertThat(directory.listDomainAliases()).isEmpty();
        assertThat(directory.listDomainAdmins()).isEmpty();
        assertThat(directory.findAlias(a("all@ima.com"))).isEmpty();
    }

    // ----- sender addresses

    @Test
    void anAccountSendsAsItselfAndAsTheAliasesThatDeliverToIt() {
        account("bart@ima.com", "pw");
        account("lisa@ima.com", "pw");
        directory.addDomain(d("springfield.example"));
        directory.addDomainAlias(d("springfield.example"), d("ima.com"));
        directory.addAlias(new Alias(a("el.barto@ima.com"), List.of(a("bart@ima.com"))));
        directory.addAlias(new Alias(a("kids@ima.com"), List.of(a("bart@ima.com"), a("lisa@ima.com"))));
        assertThat(directory.maySendAs(a("bart@ima.com"), a("Bart@IMA.com"))).isTrue();
        assertThat(directory.maySendAs(a("bart@ima.com"), a("el.barto@ima.com"))).isTrue();
        assertThat(directory.maySendAs(a("bart@ima.com"), a("kids@ima.com"))).isTrue();
        assertThat(directory.maySendAs(a("bart@ima.com"), a("bart@springfield.example"))).as("domain alias").isTrue();
        assertThat(directory.maySendAs(a("lisa@ima.com"), a("el.barto@ima.com"))).isFalse();
        assertThat(directory.maySendAs(a("bart@ima.com"), a("lisa@ima.com"))).isFalse();
        assertThat(directory.maySendAs(a("bart@ima.com"), a("ceo@bank.example"))).isFalse();
    }

    @Test
    void grantsLetAnAccountOrAWholeDomainSendAsMore() {
        account("smithers@ima.com", "pw");
        account("burns@ima.com", "pw");
        directory.addDomain(d("app.example"));
        directory.addAccount(new NewAccount(a("robot@app.example"), "pw", "", NewAccount.DEFAULT_QUOTA));
        directory.addSenderGrant(new SenderGrant("Smithers@ima.com", "burns@ima.com"));
        directory.addSenderGrant(new SenderGrant("smithers@ima.com", "@plant.example"));
        directory.addSenderGrant(new SenderGrant("@app.example", SenderGrant.ANY));
        assertThat(directory.maySendAs(a("smithers@ima.com"), a("burns@ima.com"))).isTrue();
        assertThat(directory.maySendAs(a("smithers@ima.com"), a("anyone@plant.example"))).isTrue();
        assertThat(directory.maySendAs(a("smithers@ima.com"), a("anyone@bank.example"))).isFalse();
        assertThat(directory.maySendAs(a("burns@ima.com"), a("smithers@ima.com"))).isFalse();
        assertThat(directory.maySendAs(a("robot@app.example"), a("ceo@bank.example"))).isTrue();
        assertThat(directory.listSenderGrants()).containsExactly(new SenderGrant("@app.example", "*"),
                new SenderGrant("smithers@ima.com", "@plant.example"), new SenderGrant("smithers@ima.com", "burns@ima.com"));
        assertThatThrownBy(() -> directory.addSenderGrant(new SenderGrant("smithers@ima.com", "BURNS@ima.com")))
                .isInstanceOf(DirectoryException.class).hasMessage("smithers@ima.com may already send as burns@ima.com");
        assertThatThrownBy(() -> directory.addSenderGrant(new SenderGrant("nobody@ima.com", "*")))
                .hasMessage("no account nobody@ima.com");
        assertThatThrownBy(() -> directory.addSenderGrant(new SenderGrant("@nowhere.example", "*")))
                .hasMessage("unknown domain nowhere.example");

        directory.removeSenderGrant(new SenderGrant("smithers@ima.com", "burns@ima.com"));
        assertThat(directory.maySendAs(a("smithers@ima.com"), a("burns@ima.com"))).isFalse();
        assertThatThrownBy(() -> directory.removeSenderGrant(new SenderGrant("smithers@ima.com", "burns@ima.com")))
                .hasMessage("smithers@ima.com has no grant to send as burns@ima.com");
        directory.removeAccounts(List.of(a("smithers@ima.com")), BulkMode.ALL_OR_NOTHING);
        directory.removeDomain(d("app.example"), true);
        assertThat(directory.listSenderGrants()).as("grants go with their grantees").isEmpty();
    }

    @Test
    void malformedGrantsAreRefused() {
        assertThatThrownBy(() -> new SenderGrant("*", "a@ima.com")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SenderGrant("bart@ima.com", "not an address"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void internationalDomainsAreStoredInAsciiForm() {
        directory.addDomain(d("bücher.example"));
        assertThat(directory.findDomain(d("xn--bcher-kva.example"))).isPresent();
    }

    // ----- domain aliases

    @Test
    void domainAliasIsOneWay() {
        directory.addDomain(d("jade.net"));
        directory.addDomainAlias(d("jade.net"), d("ima.com"));
        account("bart@ima.com", "pw");
        account("homer@jade.net", "pw");

        RecipientResolution bart = directory.resolve(a("bart@jade.net"));
        assertThat(bart.kind()).isEqualTo(Kind.ACCOUNT);
        assertThat(bart.accounts()).containsExactly(a("bart@ima.com"));

        RecipientResolution homer = directory.resolve(a("homer@ima.com"));
        assertThat(homer.kind()).isEqualTo(Kind.UNKNOWN);
        assertThat(homer.accounts()).isEmpty();
    }

    @Test
    void accountUnderTheAliasNameItselfWins() {
        directory.addDomain(d("jade.net"));
        directory.addDomainAlias(d("jade.net"), d("ima.com"));
        account("bart@ima.com", "pw");
        account("bart@jade.net", "pw");
        assertThat(directory.resolve(a("bart@jade.net")).accounts()).containsExactly(a("bart@jade.net"));
    }

    @Test
    void domainAliasWorksWithoutHostingTheAliasName() {
        directory.addDomainAlias(d("jade.net"), d("ima.com"));
        account("bart@ima.com", "pw");
        assertThat(directory.resolve(a("BART@Jade.Net")).accounts()).containsExactly(a("bart@ima.com"));
        assertThat(directory.resolve(a("lisa@jade.net")).kind()).isEqualTo(Kind.UNKNOWN);
    }

    @Test
    void domainAliasNeedsAHostedTarget() {
        assertThatThrownBy(() -> directory.addDomainAlias(d("jade.net"), d("nowhere.org")))
                .hasMessage("unknown domain nowhere.org");
        assertThatThrownBy(() -> directory.addDomainAlias(d("ima.com"), d("ima.com")))
                .hasMessageContaining("cannot be an alias of itself");
        directory.addDomainAlias(d("jade.net"), d("ima.com"));
        assertThatThrownBy(() -> directory.addDomainAlias(d("jade.net"), d("ima.com")))
                .hasMessage("domain alias jade.net already exists");
        directory.removeDomainAlias(d("jade.net"));
        assertThat(directory.listDomainAliases()).isEmpty();
    }

    // ----- recipients

    @Test
    void remoteAndUnknownRecipientsAreToldApart() {
        assertThat(directory.resolve(a("someone@elsewhere.org")).kind()).isEqualTo(Kind.REMOTE);
        assertThat(directory.resolve(a("someone@elsewhere.org")).isLocalDomain()).isFalse();
        assertThat(directory.resolve(a("nobody@ima.com")).kind()).isEqualTo(Kind.UNKNOWN);
        assertThat(directory.resolve(a("POSTMASTER@IMA.COM")).kind()).isEqualTo(Kind.ACCOUNT);
    }

    @Test
    void aliasesExpandRecursivelyToLocalAndRemoteTargets() {
        account("bart@ima.com", "pw");
        account("lisa@ima.com", "pw");
        directory.addAlias(new Alias(a("kids@ima.com"), List.of(a("bart@ima.com"), a("lisa@ima.com"))));
        directory.addAlias(new Alias(a("family@ima.com"),
                List.of(a("kids@ima.com"), a("homer@remote.org"), a("lisa@ima.com"), a("gone@ima.com"))));
        RecipientResolution family = directory.resolve(a("family@ima.com"));
        assertThat(family.kind()).isEqualTo(Kind.ALIAS);
        assertThat(family.accounts()).containsExactly(a("bart@ima.com"), a("lisa@ima.com"));
        assertThat(family.remote()).containsExactly(a("homer@remote.org"));
        assertThat(family.unresolved()).containsExactly(a("gone@ima.com"));
    }

    @Test
    void aliasLoopsAreRefused() {
        directory.addAlias(new Alias(a("a@ima.com"), List.of(a("b@ima.com"))));
        directory.addAlias(new Alias(a("b@ima.com"), List.of(a("c@ima.com"))));
        assertThatThrownBy(() -> directory.addAlias(new Alias(a("c@ima.com"), List.of(a("a@ima.com")))))
                .isInstanceOf(DirectoryException.class)
                .satisfies(e -> assertThat(((DirectoryException) e).reason()).isEqualTo(Reason.LOOP))
                .hasMessageContaining("would make a loop");
        assertThatThrownBy(() -> directory.addAlias(new Alias(a("self@ima.com"), List.of(a("SELF@ima.com")))))
                .hasMessageContaining("would make a loop");
    }

    @Test
    void aliasLoopThroughADomainAliasIsRefused() {
        directory.addDomainAlias(d("jade.net"), d("ima.com"));
        directory.addAlias(new Alias(a("a@ima.com"), List.of(a("b@ima.com"))));
        assertThatThrownBy(() -> directory.addAlias(new Alias(a("b@ima.com"), List.of(a("a@jade.net")))))
                .hasMessageContaining("would make a loop");
    }

    @Test
    void diamondIsNotALoopAndDeliversOnce() {
        account("bart@ima.com", "pw");
        directory.addAlias(new Alias(a("x@ima.com"), List.of(a("bart@ima.com"))));
        directory.addAlias(new Alias(a("y@ima.com"), List.of(a("bart@ima.com"))));
        directory.addAlias(new Alias(a("both@ima.com"), List.of(a("x@ima.com"), a("y@ima.com"))));
        assertThat(directory.resolve(a("both@ima.com")).accounts()).containsExactly(a("bart@ima.com"));
    }

    @Test
    void expansionStopsAtTheDepthLimit() {
        directory.modified(TestConfig.directory(Map.of("local.domain", "ima.com", "alias.max.depth", 3)), Map.of("local.domain", "ima.com", "alias.max.depth", 3));
        account("end@ima.com", "pw");
        directory.addAlias(new Alias(a("l4@ima.com"), List.of(a("end@ima.com"))));
        directory.addAlias(new Alias(a("l3@ima.com"), List.of(a("l4@ima.com"))));
        directory.addAlias(new Alias(a("l2@ima.com"), List.of(a("l3@ima.com"))));
        directory.addAlias(new Alias(a("l1@ima.com"), List.of(a("l2@ima.com"))));
        assertThat(directory.resolve(a("l2@ima.com")).accounts()).containsExactly(a("end@ima.com"));
        RecipientResolution deep = directory.resolve(a("l1@ima.com"));
        assertThat(deep.accounts()).isEmpty();
        assertThat(deep.unresolved()).containsExactly(a("l4@ima.com"));
    }

    @Test
    void aliasRulesAreChecked() {
        account("bart@ima.com", "pw");
        assertThatThrownBy(() -> directory.addAlias(new Alias(a("bart@ima.com"), List.of(a("x@y.org")))))
                .hasMessage("account or alias bart@ima.com already exists");
        assertThatThrownBy(() -> directory.addAlias(new Alias(a("x@nowhere.org"), List.of(a("x@y.org")))))
                .hasMessage("unknown domain nowhere.org");
        assertThatThrownBy(() -> directory.addAlias(new Alias(a("x@ima.com"), List.of())))
                .hasMessageContaining("needs at least one target");
        directory.addAlias(new Alias(a("x@ima.com"), List.of(a("bart@ima.com"))));
        assertThatThrownBy(() -> directory.addAccount(new NewAccount(a("x@ima.com"), "pw", "", 0)))
                .hasMessage("account or alias x@ima.com already exists");
        directory.removeAlias(a("X@ima.com"));
        assertThatThrownBy(() -> directory.removeAlias(a("x@ima.com"))).hasMessage("no alias x@ima.com");
    }

    @Test
    void aliasesAreListedInPages() {
        for (int i = 0; i < 25; i++) {
            directory.addAlias(new Alias(a(String.format("alias%02d@ima.com", i)), List.of(a("t" + i + "@remote.org"))));
        }
        Page<Alias> page = directory.listAliases(d("ima.com"), 20, 10);
        assertThat(page.total()).isEqualTo(25);
        assertThat(page.items()).extracting(x -> x.address().toString())
                .containsExactly("alias20@ima.com", "alias21@ima.com", "alias22@ima.com", "alias23@ima.com", "alias24@ima.com");
        assertThat(page.items().get(0).targets()).containsExactly(a("t20@remote.org"));
        assertThat(page.hasMore()).isFalse();
    }

    // ----- accounts

    @Test
    void accountsKeepTheirFields() {
        directory.addAccount(new NewAccount(a("Bart.Simpson@ima.com"), "pw", "Bart Simpson", 1_000_000));
        Account bart = directory.findAccount(a("bart.simpson@IMA.com")).orElseThrow();
        assertThat(bart.address().toString()).isEqualTo("Bart.Simpson@ima.com");
        assertThat(bart.displayName()).isEqualTo("Bart Simpson");
        assertThat(bart.quotaBytes()).isEqualTo(1_000_000);
        assertThat(bart.enabled()).isTrue();
        assertThat(bart.created()).isNotNull();
        assertThat(bart.lastLogin()).isNull();
    }

    @Test
    void defaultQuotaComesFromConfiguration() {
        directory.modified(TestConfig.directory(Map.of("local.domain", "ima.com", "default.quota.bytes", 5_000L)), Map.of("local.domain", "ima.com", "default.quota.bytes", 5_000L));
        account("bart@ima.com", "pw");
        assertThat(directory.findAccount(a("bart@ima.com")).orElseThrow().quotaBytes()).isEqualTo(5_000);
    }

    @Test
    void badAccountsAreRefusedWithTheReason() {
        account("bart@ima.com", "pw");
        assertThatThrownBy(() -> account("BART@ima.com", "pw")).isInstanceOf(DirectoryException.class)
                .hasMessage("account or alias BART@ima.com already exists");
        assertThatThrownBy(() -> account("x@nowhere.org", "pw")).hasMessage("unknown domain nowhere.org for x@nowhere.org");
        assertThatThrownBy(() -> account("y@ima.com", "")).hasMessage("empty password for y@ima.com");
    }

    @Test
    void bulkAddIsAllOrNothingByDefault() {
        List<NewAccount> batch = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            batch.add(new NewAccount(a("user" + i + "@ima.com"), "pw" + i, "User " + i, 0));
        }
        batch.set(250, new NewAccount(a("user250@unknown.org"), "pw", "", 0));
        batch.set(300, new NewAccount(a("user300@ima.com"), "", "", 0));
        BulkResult refused = directory.addAccounts(batch, BulkMode.ALL_OR_NOTHING);
        assertThat(refused.applied()).isZero();
        assertThat(refused.failures()).extracting(f -> f.index()).containsExactly(250, 300);
        assertThat(directory.listAccounts(null, 0, 10).total()).isEqualTo(1);

        BulkResult partial = directory.addAccounts(batch, BulkMode.SKIP_INVALID);
        assertThat(partial.applied()).isEqualTo(498);
        assertThat(directory.listAccounts(d("ima.com"), 0, 10).total()).isEqualTo(499);
        assertThat(directory.authenticate(Protocol.IMAP, "user499@ima.com", "pw499".toCharArray()).success()).isTrue();
    }

    @Test
    void importedHashesOfOtherServersLogInAndAreReplacedByArgon2idAtTheFirstLogin() throws Exception {
        BulkResult result = directory.addAccounts(List.of(
                new NewAccount(a("sha@ima.com"), "{SHA512-CRYPT}$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/"
                        + "O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1", "", 0),
                new NewAccount(a("blf@ima.com"), "{BLF-CRYPT}$2a$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i",
                        "", 0),
                new NewAccount(a("md5@ima.com"), "{MD5-CRYPT}$1$x$y", "", 0)), BulkMode.SKIP_INVALID);
        assertThat(result.applied()).isEqualTo(2);
        assertThat(result.failures()).singleElement().satisfies(f -> assertThat(f.problem())
                .startsWith("unsupported password scheme {MD5-CRYPT}"));
        assertThat(storedHash("sha@ima.com")).startsWith("{SHA512-CRYPT}$6$");

        assertThat(directory.authenticate(Protocol.IMAP, "sha@ima.com", "wrong".toCharArray()).success()).isFalse();
        assertThat(storedHash("sha@ima.com")).as("a failed login changes nothing").startsWith("{SHA512-CRYPT}");
        assertThat(directory.authenticate(Protocol.IMAP, "sha@ima.com", "Hello world!".toCharArray()).success())
                .isTrue();
        assertThat(storedHash("sha@ima.com")).startsWith("$argon2id$");
        assertThat(directory.authenticate(Protocol.POP3, "sha@ima.com", "Hello world!".toCharArray()).success())
                .isTrue();
        assertThat(directory.authenticate(Protocol.IMAP, "blf@ima.com", "abc".toCharArray()).success()).isTrue();
        assertThat(storedHash("blf@ima.com")).startsWith("$argon2id$");
    }

    private String storedHash(String address) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT password_hash FROM dir_account WHERE address_key = ?")) {
            ps.setString(1, a(address).key());
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }

    @Test
    void bulkAddRefusesDuplicatesWithinTheBatch() {
        BulkResult result = directory.addAccounts(List.of(new NewAccount(a("x@ima.com"), "pw", "", 0),
                new NewAccount(a("X@ima.com"), "pw", "", 0)), BulkMode.ALL_OR_NOTHING);
        assertThat(result.failures()).singleElement().satisfies(f -> {
            assertThat(f.index()).isEqualTo(1);
            assertThat(f.problem()).isEqualTo("X@ima.com is given twice");
        });
    }

    @Test
    void accountsArePagedInAddressOrder() {
        List<NewAccount> batch = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            batch.add(new NewAccount(a(String.format("u%03d@ima.com", i)), "pw", "", 0));
        }
        directory.addAccounts(batch, BulkMode.ALL_OR_NOTHING);
        Page<Account> page = directory.listAccounts(d("ima.com"), 100, 50);
        assertThat(page.total()).isEqualTo(121);
        assertThat(page.items()).hasSize(21);
        assertThat(page.items().get(0).address().toString()).isEqualTo("u099@ima.com");
        assertThat(page.items().get(20).address().toString()).isEqualTo("u119@ima.com");
        assertThat(directory.listAccounts(d("ima.com"), 0, 50).hasMore()).isTrue();
    }

    @Test
    void bulkRemoveIsAllOrNothingByDefault() {
        account("a@ima.com", "pw");
        account("b@ima.com", "pw");
        directory.addDomainAdmin(a("a@ima.com"), d("ima.com"));
        BulkResult refused = directory.removeAccounts(List.of(a("a@ima.com"), a("nobody@ima.com")), BulkMode.ALL_OR_NOTHING);
        assertThat(refused.applied()).isZero();
        assertThat(refused.failures()).singleElement().satisfies(f -> assertThat(f.problem()).isEqualTo("no account nobody@ima.com"));
        assertThat(directory.findAccount(a("a@ima.com"))).isPresent();

        BulkResult removed = directory.removeAccounts(List.of(a("a@ima.com"), a("B@ima.com")), BulkMode.ALL_OR_NOTHING);
        assertThat(removed.applied()).isEqualTo(2);
        assertThat(directory.findAccount(a("a@ima.com"))).isEmpty();
        assertThat(directory.listDomainAdmins()).isEmpty();
    }

    @Test
    void quotasInBytesAndMessagesCanBeChanged() {
        account("bart@ima.com", "pw");
        assertThat(directory.findAccount(a("bart@ima.com")).orElseThrow().quotaMessages()).isZero();
        directory.setQuota(a("bart@ima.com"), 5_000_000, 1_000);
        Account bart = directory.findAccount(a("bart@ima.com")).orElseThrow();
        assertThat(bart.quotaBytes()).isEqualTo(5_000_000);
        assertThat(bart.quotaMessages()).isEqualTo(1_000);
        assertThatThrownBy(() -> directory.setQuota(a("nobody@ima.com"), 1, 1)).hasMessage("no account nobody@ima.com");
        assertThatThrownBy(() -> directory.setQuota(a("bart@ima.com"), -1, 0)).hasMessage("a quota cannot be negative");
    }

    @Test
    void passwordsAndEnabledFlagCanBeChanged() {
        account("bart@ima.com", "old");
        // a login remembered by the login cache does not outlive a password change
        assertThat(directory.authenticate(Protocol.IMAP, "bart@ima.com", "old".toCharArray()).success()).isTrue();
        assertThat(directory.authenticate(Protocol.IMAP, "bart@ima.com", "old".toCharArray()).success()).isTrue();
        directory.setPassword(a("bart@ima.com"), "new");
        assertThat(directory.authenticate(Protocol.IMAP, "bart@ima.com", "old".toCharArray()).success()).isFalse();
        assertThat(directory.authenticate(Protocol.IMAP, "bart@ima.com", "new".toCharArray()).success()).isTrue();
        directory.setEnabled(a("bart@ima.com"), false);
        assertThat(directory.authenticate(Protocol.IMAP, "bart@ima.com", "new".toCharArray()).outcome())
                .isEqualTo(Outcome.DISABLED);
        assertThat(directory.findAccount(a("bart@ima.com")).orElseThrow().enabled()).isFalse();
        directory.setEnabled(a("bart@ima.com"), true);
        assertThat(directory.authenticate(Protocol.IMAP, "bart@ima.com", "new".toCharArray()).success()).isTrue();
        assertThatThrownBy(() -> directory.setPassword(a("nobody@ima.com"), "x")).hasMessage("no account nobody@ima.com");
        assertThatThrownBy(() -> directory.setPassword(a("bart@ima.com"), "")).hasMessage("empty password for bart@ima.com");
        assertThatThrownBy(() -> directory.setEnabled(a("nobody@ima.com"), true)).hasMessage("no account nobody@ima.com");
    }

    // ----- authentication

    @Test
    void bareLoginUsesTheProtocolsDefaultDomain() {
        directory.addDomain(d("jade.net"));
        account("bart@ima.com", "pw");
        account("bart@jade.net", "jade");
        directory.modified(TestConfig.directory(Map.of("local.domain", "ima.com", "pop3.default.domain", "jade.net")), Map.of("local.domain", "ima.com", "pop3.default.domain", "jade.net"));
        var imap = directory.authenticate(Protocol.IMAP, "bart", "pw".toCharArray());
        assertThat(imap.success()).isTrue();
        assertThat(imap.account()).isEqualTo(a("bart@ima.com"));
        var pop3 = directory.authenticate(Protocol.POP3, "bart", "jade".toCharArray());
        assertThat(pop3.account()).isEqualTo(a("bart@jade.net"));
        assertThat(directory.qualify(Protocol.SMTP, "bart")).isEqualTo(a("bart@ima.com"));
    }

    @Test
    void loginThroughADomainAliasFindsTheAccount() {
        directory.addDomainAlias(d("jade.net"), d("ima.com"));
        account("bart@ima.com", "pw");
        var result = directory.authenticate(Protocol.IMAP, "bart@jade.net", "pw".toCharArray());
        assertThat(result.account()).isEqualTo(a("bart@ima.com"));
    }

    @Test
    void failedLoginsAreCountedAndResetBySuccess() {
        account("bart@ima.com", "pw");
        assertThat(directory.authenticate(Protocol.IMAP, "bart", "bad".toCharArray()).outcome()).isEqualTo(Outcome.BAD_CREDENTIALS);
        assertThat(directory.authenticate(Protocol.POP3, "bart", "worse".toCharArray()).success()).isFalse();
        assertThat(directory.findAccount(a("bart@ima.com")).orElseThrow().failedLogins()).isEqualTo(2);
        assertThat(directory.authenticate(Protocol.IMAP, "bart", "pw".toCharArray()).success()).isTrue();
        Account bart = directory.findAccount(a("bart@ima.com")).orElseThrow();
        assertThat(bart.failedLogins()).isZero();
        assertThat(bart.lastLogin()).isNotNull();
    }

    @Test
    void unknownUsersAndMalformedLoginsFail() {
        assertThat(directory.authenticate(Protocol.IMAP, "nobody", "x".toCharArray()).outcome()).isEqualTo(Outcome.BAD_CREDENTIALS);
        assertThat(directory.authenticate(Protocol.IMAP, "a@@b", "x".toCharArray()).outcome()).isEqualTo(Outcome.MALFORMED_LOGIN);
        assertThat(directory.authenticate(Protocol.IMAP, "", "x".toCharArray()).outcome()).isEqualTo(Outcome.MALFORMED_LOGIN);
    }

    @Test
    void storageSurvivesARestartOfTheComponent() {
        account("bart@ima.com", "pw");
        directory.deactivate();
        DirectoryComponent restarted = start(Map.of("local.domain", "ima.com"));
        assertThat(restarted.authenticate(Protocol.IMAP, "bart", "pw".toCharArray()).success()).isTrue();
        assertThat(restarted.listAccounts(null, 0, 10).total()).isEqualTo(2);
    }

    // ----- domain admins

    @Test
    void domainAdminsAreAddedListedAndRemoved() {
        directory.addDomain(d("jade.net"));
        account("boss@ima.com", "pw");
        directory.addDomainAdmin(a("boss@ima.com"), d("jade.net"));
        directory.addDomainAdmin(a("boss@ima.com"), d("ima.com"));
        assertThat(directory.listDomainAdmins()).containsExactly(
                new DomainAdmin(a("boss@ima.com"), List.of(d("ima.com"), d("jade.net"))));
        assertThatThrownBy(() -> directory.addDomainAdmin(a("boss@ima.com"), d("ima.com")))
                .hasMessage("boss@ima.com already administers ima.com");
        assertThatThrownBy(() -> directory.addDomainAdmin(a("nobody@ima.com"), d("ima.com"))).hasMessage("no account nobody@ima.com");
        assertThatThrownBy(() -> directory.addDomainAdmin(a("boss@ima.com"), d("x.org"))).hasMessage("unknown domain x.org");
        directory.removeDomainAdmin(a("boss@ima.com"), d("jade.net"));
        assertThat(directory.listDomainAdmins()).containsExactly(new DomainAdmin(a("boss@ima.com"), List.of(d("ima.com"))));
        assertThatThrownBy(() -> directory.removeDomainAdmin(a("boss@ima.com"), d("jade.net")))
                .hasMessage("boss@ima.com does not administer jade.net");
    }
}
