package org.iems.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import javax.inject.Inject;
import org.apache.karaf.features.FeaturesService;
import org.iems.api.auth.AuthenticationResult;
import org.iems.api.auth.Authenticator;
import org.iems.api.auth.Protocol;
import org.iems.api.directory.Directory;
import org.iems.api.mail.DomainName;
import org.iems.api.mail.MailAddress;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;

/** The foundation in the real distribution: features, first start, shell commands, live config, bulk. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CoreIT extends IemsTestSupport {

    @Inject
    private FeaturesService features;

    private AuthenticationResult login(Protocol protocol, String user, String password) throws InterruptedException {
        return service(Authenticator.class, 30_000).authenticate(protocol, user, password.toCharArray());
    }

    @Test
    public void bootsWithTheFreeEditionAndEveryBundleActive() throws Exception {
        assertTrue(features.isInstalled(features.getFeature("iems-core")));
        assertTrue(features.isInstalled(features.getFeature("iems-smtp")));
        assertTrue(features.isInstalled(features.getFeature("iems-pop3")));
        assertTrue(features.isInstalled(features.getFeature("iems-imap")));
        assertTrue(features.isInstalled(features.getFeature("iems-smtp-out")));
        assertTrue(features.isInstalled(features.getFeature("iems-bsmtp")));
        for (String name : List.of("org.iems.api", "org.iems.db", "org.iems.directory", "org.iems.shell", "org.iems.net",
                "org.iems.store", "org.iems.queue", "org.iems.preprocessor", "org.iems.loopfilter", "org.iems.lmda",
                "org.iems.smtpd", "org.iems.pop3d", "org.iems.imapd", "org.iems.smtpc",
                "org.iems.bsmtp")) {
            // the boot features may still be starting their last bundles when the first test runs
            await(name + " active", 30_000, () -> bundle(name).getState() == Bundle.ACTIVE);
        }
        service(Directory.class, 30_000);
    }

    @Test
    public void distributionIsSelfContainedWithTheShellOnLoopbackOnly() throws Exception {
        Dictionary<String, Object> shell = configAdmin.getConfiguration("org.apache.karaf.shell", null).getProperties();
        assertEquals("127.0.0.1", shell.get("sshHost"));
        Dictionary<String, Object> maven = configAdmin.getConfiguration("org.ops4j.pax.url.mvn", null).getProperties();
        assertEquals("", String.valueOf(maven.get("org.ops4j.pax.url.mvn.repositories")).strip());
        for (Bundle b : bundleContext.getBundles()) {
            assertFalse(b.getSymbolicName() + " from " + b.getLocation(), b.getLocation().startsWith("http"));
        }
    }

    @Test
    public void editionFeaturesInstall() throws Exception {
        features.installFeature("iems-professional");
        assertTrue(features.isInstalled(features.getFeature("iems-professional")));
        assertTrue(features.isInstalled(features.getFeature("iems-free")));
        assertEquals(Bundle.ACTIVE, bundle("org.iems.directory").getState());
    }

    @Test
    public void firstStartCreatedTheLocalDomainAndAPostmasterWhosePasswordIsInAPrivateFile() throws Exception {
        service(Directory.class, 30_000);
        Path file = Path.of(System.getProperty("karaf.data"), "iems", "postmaster.password");
        String password = Files.readString(file, StandardCharsets.UTF_8).strip();
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String log = Files.readString(Path.of(System.getProperty("karaf.data"), "log", "karaf.log"), StandardCharsets.UTF_8);
        assertTrue("the log says where", log.contains("its password is in " + file));
        assertFalse("the log never holds it", log.contains(password));
        assertTrue(login(Protocol.IMAP, "postmaster@ima.com", password).success());
        assertTrue(ok("iems:domain-list").contains(LOCAL_DOMAIN));
    }

    @Test
    public void shellCreatesDomainAndAccountThatLogInWithAndWithoutTheDomain() throws Exception {
        assertTrue(ok("iems:domain-add shell.example").contains("Domain added: shell.example"));
        assertTrue(ok("iems:user-add --password-file " + passwordFile("s3cret") + " --name \"Bart Simpson\""
                + " bart@shell.example").contains("Account added"));
        assertTrue(ok("iems:user-show bart@shell.example").contains("Bart Simpson"));
        assertTrue(login(Protocol.IMAP, "bart@shell.example", "s3cret").success());
        assertFalse(login(Protocol.IMAP, "bart@shell.example", "wrong").success());

        ok("iems:user-add --password-file " + passwordFile("local-pw") + " bart@ima.com");
        AuthenticationResult bare = login(Protocol.POP3, "bart", "local-pw");
        assertTrue(bare.success());
        assertEquals(MailAddress.parse("bart@ima.com"), bare.account());
    }

    @Test
    public void badInputGetsAOneLineErrorNamingTheProblem() throws Exception {
        service(Directory.class, 30_000);
        assertEquals("malformed address 'bad@@ima.com': character '@' needs quoting in a local part",
                fails("iems:user-add --password-file " + passwordFile("pw") + " bad@@ima.com"));
        assertEquals("unknown domain nowhere.example for x@nowhere.example",
                fails("iems:user-add --password-file " + passwordFile("pw") + " x@nowhere.example"));
        ok("iems:user-add --password-file " + passwordFile("pw") + " dup@ima.com");
        assertEquals("account or alias dup@ima.com already exists",
                fails("iems:user-add --password-file " + passwordFile("pw") + " dup@ima.com"));
        String empty = passwordFile("");
        assertEquals("cannot read a password from " + empty + ": " + empty + " holds no secret",
                fails("iems:user-add --password-file " + empty + " y@ima.com"));
        assertTrue("no password on the command line",
                fails("iems:user-add y@ima.com typed-password").toLowerCase(java.util.Locale.ROOT).contains("too many"));
        assertEquals("domain ima.com already exists", fails("iems:domain-add ima.com"));
    }

    @Test
    public void importWithOneBrokenLineImportsNothingAndNamesTheLine() throws Exception {
        Path csv = Files.createTempFile("iems-import", ".csv");
        Files.writeString(csv, "ok1@ima.com,pw\nbroken@@ima.com,pw\nok2@ima.com,pw\n");
        String error = fails("iems:user-import " + csv);
        assertTrue(error, error.startsWith("Import of " + csv + " refused, nothing was changed (all-or-nothing"));
        assertTrue(error, error.contains("\nline 2: malformed address 'broken@@ima.com'"));
        Directory directory = service(Directory.class, 30_000);
        assertFalse(directory.findAccount(MailAddress.parse("ok1@ima.com")).isPresent());

        String partial = ok("iems:user-import --skip-invalid " + csv);
        assertTrue(partial, partial.contains("2 done, skipped:\nline 2:"));
        assertTrue(directory.findAccount(MailAddress.parse("ok2@ima.com")).isPresent());
    }

    @Test
    public void directoryDataSurvivesAStopAndStartOfItsBundle() throws Exception {
        ok("iems:domain-add survive.example");
        ok("iems:user-add --password-file " + passwordFile("donuts") + " homer@survive.example");
        ok("iems:alias-add dad@survive.example homer@survive.example");
        Bundle directory = bundle("org.iems.directory");
        directory.stop();
        assertEquals(Bundle.RESOLVED, directory.getState());
        directory.start();
        assertTrue(login(Protocol.IMAP, "homer@survive.example", "donuts").success());
        assertTrue(ok("iems:alias-list --domain survive.example").contains("homer@survive.example"));
    }

    @Test
    public void imapDefaultDomainChangesLiveWithoutRestartingAnyBundle() throws Exception {
        ok("iems:domain-add jade.example");
        ok("iems:user-add --password-file " + passwordFile("sax") + " lisa@jade.example");
        ServiceReference<Authenticator> before = bundleContext.getServiceReference(Authenticator.class);
        assertNotNull(before);
        Object serviceIdBefore = before.getProperty("service.id");
        long[] bundleStates = bundleStates();
        assertFalse(login(Protocol.IMAP, "lisa", "sax").success());

        Configuration config = configAdmin.getConfiguration("org.iems.directory", null);
        Dictionary<String, Object> props = config.getProperties() == null ? new Hashtable<>() : config.getProperties();
        props.put("imap.default.domain", "jade.example");
        config.update(props);

        await("imap.default.domain to apply", 10_000, () -> {
            try {
                return login(Protocol.IMAP, "lisa", "sax").success();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertFalse("other protocols keep the local domain", login(Protocol.POP3, "lisa", "sax").success());
        assertEquals("same service, not re-registered", serviceIdBefore,
                bundleContext.getServiceReference(Authenticator.class).getProperty("service.id"));
        assertArrayEquals("no bundle restarted", bundleStates, bundleStates());
    }

    /** State and last-modified time of every bundle: a restart or update changes them. */
    private long[] bundleStates() {
        Bundle[] bundles = bundleContext.getBundles();
        long[] states = new long[bundles.length * 2];
        for (int i = 0; i < bundles.length; i++) {
            states[2 * i] = bundles[i].getState();
            states[2 * i + 1] = bundles[i].getLastModified();
        }
        return states;
    }

    @Test
    public void importsAndRemovesTenThousandAccountsInOneCallEach() throws Exception {
        ok("iems:domain-add bulk.example");
        Path csv = Files.createTempFile("iems-bulk", ".csv");
        List<String> lines = new ArrayList<>();
        lines.add("address,password,display name,quota");
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            String address = String.format("user%05d@bulk.example", i);
            lines.add(address + ",pw-" + i + ",User " + i + ",100M");
            addresses.add(address);
        }
        Files.write(csv, lines, StandardCharsets.UTF_8);
        long t0 = System.nanoTime();
        String imported = ok("iems:user-import " + csv);
        long importMillis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(imported, imported.contains(": 10000 done"));
        System.out.println("BENCH import of 10000 accounts: " + importMillis + " ms");

        Directory directory = service(Directory.class, 30_000);
        assertEquals(10_000, directory.listAccounts(DomainName.parse("bulk.example"), 0, 1).total());
        assertTrue(login(Protocol.IMAP, "user09999@bulk.example", "pw-9999").success());
        String page = ok("iems:user-list --domain bulk.example --offset 9990 --limit 5");
        assertTrue(page, page.contains("user09990@bulk.example") && page.contains("Showing accounts 9991-9995 of 10000."));

        Path list = Files.createTempFile("iems-remove", ".txt");
        Files.write(list, addresses, StandardCharsets.UTF_8);
        t0 = System.nanoTime();
        String removed = ok("iems:user-remove --file " + list);
        System.out.println("BENCH removal of 10000 accounts: " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        assertTrue(removed, removed.contains("Removal: 10000 done"));
        assertEquals(0, directory.listAccounts(DomainName.parse("bulk.example"), 0, 1).total());
    }

    @Test
    public void aliasesAndDomainAdminsThroughTheShell() throws Exception {
        ok("iems:domain-add family.example");
        ok("iems:user-add --password-file " + passwordFile("pw") + " marge@family.example");
        ok("iems:alias-add mom@family.example marge@family.example someone@remote.example");
        assertTrue(ok("iems:alias-list").contains("mom@family.example"));
        assertTrue(fails("iems:alias-add marge2@family.example mom2@family.example mom2@family.example").contains("given twice"));
        ok("iems:alias-add a@family.example b@family.example");
        assertEquals("alias b@family.example would make a loop: its targets lead back to it",
                fails("iems:alias-add b@family.example a@family.example"));
        ok("iems:domain-admin-add marge@family.example family.example");
        assertTrue(ok("iems:domain-admin-list").contains("marge@family.example | family.example"));
        ok("iems:domain-admin-remove marge@family.example family.example");
        assertFalse(ok("iems:domain-admin-list").contains("marge@family.example"));
        assertEquals("marge@family.example may now send as @kwik-e-mart.example\n",
                ok("iems:sender-grant-add marge@family.example @kwik-e-mart.example"));
        ok("iems:sender-grant-add @family.example '*'");
        assertTrue(ok("iems:sender-grant-list").contains("@family.example      | *"));
        assertTrue(fails("iems:sender-grant-add nobody@family.example '*'").contains("no account nobody@family.example"));
        ok("iems:sender-grant-remove @family.example '*'");
        assertFalse(ok("iems:sender-grant-list").contains("@family.example  "));
        ok("iems:alias-remove mom@family.example");
        ok("iems:domain-alias-add fam.example family.example");
        assertTrue(login(Protocol.IMAP, "marge@fam.example", "pw").success());
        ok("iems:domain-alias-remove fam.example");
        ok("iems:user-disable marge@family.example");
        assertEquals(AuthenticationResult.Outcome.DISABLED, login(Protocol.IMAP, "marge@family.example", "pw").outcome());
        ok("iems:user-enable marge@family.example");
        ok("iems:user-passwd --password-file " + passwordFile("newpw") + " marge@family.example");
        assertTrue(login(Protocol.IMAP, "marge@family.example", "newpw").success());
        assertTrue(fails("iems:domain-remove family.example").contains("still has"));
        ok("iems:domain-remove --force family.example");
        assertFalse(ok("iems:domain-list").contains("family.example"));
    }
}
