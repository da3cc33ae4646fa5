package org.iems.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.iems.testsupport.LineClient;
import org.junit.After;
import org.junit.Test;

/**
 * Least privilege and secrets, on the real distribution started the way an operator starts it: it
 * runs as its own unprivileged user, its first start makes every secret that must differ per
 * installation, and after a run of shell commands that set passwords, no password is on disk in
 * clear (but in the two files meant to hand the generated ones over) and nothing under etc/ or
 * data/ is readable by other users.
 */
public class SecretsIT {

    private static final List<String> TYPED = List.of("Bob-Secret-456", "Bob-New-Secret-789", "Carol-Secret-012",
            "Dave-Secret-345", "Erin-Secret-678");

    /** Below 1024 when the tests run as root: the non-root server binds it through its one capability. */
    private final int imapPort = "root".equals(System.getProperty("user.name")) ? freePrivilegedPort()
            : IemsTestSupport.freePort();
    private Distribution iems;

    @After
    public void stopLeftovers() {
        if (iems != null) {
            iems.close();
        }
    }

    @Test
    public void runsAsItsOwnUserAndLeavesNoSecretInClearOrReadableByOthers() throws Exception {
        iems = new Distribution(Path.of("target/secrets"));
        iems.set("org.iems.directory.cfg", "local.domain", "ima.com");
        iems.listenOnly(Map.of("imap", imapPort));
        iems.start(() -> IemsTestSupport.connects(imapPort));
        assertNotEquals("the server's uid", 0, iems.serverUid());

        // the first start's secrets
        String admin = iems.adminPassword();
        assertEquals(24, admin.length());
        Path postmasterFile = iems.data().resolve("iems/postmaster.password");
        String postmaster = Files.readString(postmasterFile).strip();
        assertTrue(imapLogin("postmaster@ima.com", postmaster));
        Properties custom = new Properties();
        try (var in = Files.newInputStream(iems.etc().resolve("custom.properties"))) {
            custom.load(in);
        }
        String shutdownSecret = custom.getProperty("karaf.shutdown.command", "SHUTDOWN");
        assertTrue("a shutdown secret of its own: " + shutdownSecret, shutdownSecret.length() >= 32);
        assertTrue(Files.exists(iems.etc().resolve("iems-tls.p12.password")));

        // an operator's day: passwords handed over in files, never on the command line
        String out = iems.shell("iems:user-add --password-file " + iems.passwordFile("bob", TYPED.get(0)) + " bob@ima.com\n"
                + "iems:user-passwd --password-file " + iems.passwordFile("bob2", TYPED.get(1)) + " bob@ima.com\n"
                + "iems:user-add --password-file " + iems.passwordFile("carol", TYPED.get(2)) + " carol@ima.com");
        assertTrue(out, out.contains("Account added: bob@ima.com"));
        assertTrue(out, out.contains("Password changed: bob@ima.com"));
        out = iems.shell("iems:user-add --password-file " + iems.passwordFile("dave", TYPED.get(3)) + " dave@nowhere.example");
        assertTrue(out, out.contains("unknown domain nowhere.example"));
        out = iems.shell("iems:user-add erin@ima.com " + TYPED.get(4));
        assertTrue("a password on the command line is refused: " + out, out.contains("too many arguments"));
        assertTrue(imapLogin("bob@ima.com", TYPED.get(1)));
        assertFalse(imapLogin("carol@ima.com", "wrong-password"));
        iems.stop();

        List<String> problems = new ArrayList<>();
        for (Path root : List.of(iems.etc(), iems.data())) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path path : files.toList()) {
                    Set<PosixFilePermission> modes = Files.getPosixFilePermissions(path);
                    if (modes.stream().anyMatch(m -> m.name().startsWith("GROUP") || m.name().startsWith("OTHERS"))) {
                        problems.add(path + " is " + java.nio.file.attribute.PosixFilePermissions.toString(modes));
                    }
                    if (Files.isRegularFile(path)) {
                        checkNoSecret(path, Map.of(admin, iems.etc().resolve("admin.password"), postmaster,
                                postmasterFile), problems);
                    }
                }
            }
        }
        assertTrue(String.join("\n", problems), problems.isEmpty());
    }

    @Test
    public void theShippedSystemdUnitIsValid() throws Exception {
        iems = new Distribution(Path.of("target/systemd"));
        Path unit = iems.home().resolve("systemd/iems.service");
        String text = Files.readString(unit);
        for (String hardening : List.of("User=iems", "AmbientCapabilities=CAP_NET_BIND_SERVICE",
                "CapabilityBoundingSet=CAP_NET_BIND_SERVICE", "NoNewPrivileges=true", "ProtectSystem=strict",
                "PrivateTmp=true", "UMask=0077")) {
            assertTrue(hardening, text.contains("\n" + hardening + "\n"));
        }
        Path here = iems.home().resolve("iems-verify.service");
        Files.writeString(here, text.replace("/opt/iems", iems.home().toString()));
        org.iems.testsupport.Processes.Output verified = org.iems.testsupport.Processes.run(
                List.of("systemd-analyze", "verify", here.toString()), Map.of(), java.time.Duration.ofSeconds(60));
        assertEquals(verified.output(), 0, verified.exit());
    }

    /** Records a problem for each typed password, and each generated one outside its own file, found in the file. */
    private static void checkNoSecret(Path file, Map<String, Path> generated, List<String> problems) throws IOException {
        String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        for (String password : TYPED) {
            if (content.contains(password)) {
                problems.add(file + " holds the typed password " + password);
            }
        }
        generated.forEach((password, home) -> {
            if (!file.equals(home) && content.contains(password)) {
                problems.add(file + " holds a generated password meant for " + home.getFileName() + " only");
            }
        });
    }

    private static int freePrivilegedPort() {
        for (int port = 900; port < 1024; port++) {
            try (java.net.ServerSocket s = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // try the next one
            }
        }
        throw new IllegalStateException("no free port between 900 and 1023");
    }

    private boolean imapLogin(String user, String password) throws IOException {
        try (LineClient c = new LineClient(imapPort)) {
            c.line();
            c.write("a LOGIN " + user + " " + password + "\r\n");
            String line;
            while ((line = c.line()) != null && !line.startsWith("a ")) {
                // capabilities
            }
            return line != null && line.startsWith("a OK");
        }
    }
}
