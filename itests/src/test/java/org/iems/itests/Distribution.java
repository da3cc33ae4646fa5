package org.iems.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.iems.testsupport.Processes;

/**
 * The real distribution as an operator runs it: unpacked from the built tar.gz, started with
 * {@code bin/karaf server}, driven through {@code bin/client} as the {@code admin} the first
 * start created, stopped with {@code bin/stop}. It never runs as root: when the tests run as
 * root (as CI does), the folder is handed to a system user made for the purpose, and the server
 * runs as that user with only the capability to bind ports below 1024, the way the shipped
 * systemd unit runs it ({@code setpriv} stands in for systemd, which CI machines do not run).
 */
final class Distribution implements AutoCloseable {

    /** The system user the distribution runs as when the tests run as root. */
    static final String SERVICE_USER = "iems-it";

    private final Path home;
    private final int sshPort;
    private final int jmxRegistryPort;
    private final int jmxServerPort;
    private Process karaf;

    /**
     * Unpacks the built distribution into {@code home} (emptied first) with the shell's SSH on
     * a free port.
     */
    Distribution(Path home) throws Exception {
        this.home = home.toAbsolutePath();
        this.sshPort = IemsTestSupport.freePort();
        Path archive = Path.of(System.getProperty("org.ops4j.pax.url.mvn.localRepository"), "org", "iems",
                "iems-karaf-assembly", System.getProperty("iems.version"),
                "iems-karaf-assembly-" + System.getProperty("iems.version") + ".tar.gz");
        run(List.of("rm", "-rf", this.home.toString()));
        Files.createDirectories(this.home);
        run(List.of("tar", "xzf", archive.toString(), "-C", this.home.toString(), "--strip-components", "1"));
        set("org.apache.karaf.shell.cfg", "sshPort", String.valueOf(sshPort));
        this.jmxRegistryPort = IemsTestSupport.freePort();
        this.jmxServerPort = IemsTestSupport.freePort();
        set("org.apache.karaf.management.cfg", "rmiRegistryPort", String.valueOf(jmxRegistryPort));
        set("org.apache.karaf.management.cfg", "rmiServerPort", String.valueOf(jmxServerPort));
    }

    Path home() {
        return home;
    }

    Path etc() {
        return home.resolve("etc");
    }

    Path data() {
        return home.resolve("data");
    }

    /** Sets a property that the shipped file {@code etc/<file>} has. */
    void set(String file, String key, String value) throws IOException {
        Path cfg = etc().resolve(file);
        String text = Files.readString(cfg);
        String changed = text.replaceAll("(?m)^" + Pattern.quote(key) + "\\s*=.*$",
                Matcher.quoteReplacement(key + " = " + value));
        assertTrue(key + " in " + cfg, !changed.equals(text) || text.contains(key + " = " + value));
        Files.writeString(cfg, changed);
    }

    /** The mail listeners of the shipped configuration, by daemon. */
    private static final Map<String, List<String>> LISTENERS = Map.of("org.iems.smtpd.cfg",
            List.of("mx", "submission", "smtps"), "org.iems.imapd.cfg", List.of("imap", "imaps"), "org.iems.pop3d.cfg",
            List.of("pop3", "pop3s"));

    /**
     * Runs only the named mail listeners, each on 127.0.0.1 at the port given; every other one is
     * disabled.
     *
     * @param ports listener name to port ({@code mx}, {@code imap}, {@code pop3s} …)
     */
    void listenOnly(Map<String, Integer> ports) throws IOException {
        for (Map.Entry<String, List<String>> daemon : LISTENERS.entrySet()) {
            for (String listener : daemon.getValue()) {
                Integer port = ports.get(listener);
                if (port == null) {
                    set(daemon.getKey(), listener + ".enabled", "false");
                } else {
                    set(daemon.getKey(), listener + ".host", "127.0.0.1");
                    set(daemon.getKey(), listener + ".port", String.valueOf(port));
                }
            }
        }
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    /**
     * The command as the server's user when the tests run as root, with the one ambient capability
     * the systemd unit grants (CAP_NET_BIND_SERVICE) and no way to gain others.
     */
    private static List<String> asServerUser(String... command) {
        List<String> full = new ArrayList<>();
        if (root()) {
            full.addAll(List.of("setpriv", "--reuid=" + SERVICE_USER, "--regid=" + SERVICE_USER, "--init-groups",
                    "--inh-caps=+net_bind_service", "--ambient-caps=+net_bind_service", "--no-new-privs", "--"));
        }
        full.addAll(List.of(command));
        return full;
    }

    /** Starts {@code bin/karaf server} and waits until {@code ready} holds and the shell answers. */
    void start(BooleanSupplier ready) throws Exception {
        if (root()) {
            if (Processes.run(List.of("id", SERVICE_USER), Map.of(), Duration.ofSeconds(10)).exit() != 0) {
                run(List.of("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SERVICE_USER));
            }
            run(List.of("chown", "-R", SERVICE_USER + ":", home.toString()));
        }
        karaf = new ProcessBuilder(asServerUser(home.resolve("bin/karaf").toString(), "server")).directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(home.resolve("console.log").toFile()).start();
        long deadline = System.currentTimeMillis() + 120_000;
        while (!ready.getAsBoolean() || !shell("iems:queue-stats").contains("Messages:")) {
            assertTrue("IEMS started within 2 minutes:\n" + Files.readString(home.resolve("console.log")),
                    System.currentTimeMillis() < deadline && karaf.isAlive());
            Thread.sleep(500);
        }
    }

    /** The operating-system user id the server's JVM runs as. */
    long serverUid() throws IOException {
        ProcessHandle java = karaf.descendants().filter(p -> p.info().command().orElse("").endsWith("java"))
                .findFirst().orElseThrow(() -> new AssertionError("no java process under bin/karaf"));
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(java.pid()), "status"))) {
            if (line.startsWith("Uid:")) {
                return Long.parseLong(line.split("\\s+")[1]);
            }
        }
        throw new AssertionError("no Uid in /proc/" + java.pid() + "/status");
    }

    /** The JMX service URL of the running server (Karaf's management feature, loopback only). */
    String jmxUrl() {
        return "service:jmx:rmi://127.0.0.1:" + jmxServerPort + "/jndi/rmi://127.0.0.1:" + jmxRegistryPort
                + "/karaf-root";
    }

    /** The two ports of JMX: the RMI registry's and the connector's. */
    List<Integer> jmxPorts() {
        return List.of(jmxRegistryPort, jmxServerPort);
    }

    /** The password the first start generated for the shell's admin. */
    String adminPassword() throws IOException {
        return Files.readString(etc().resolve("admin.password")).strip();
    }

    /**
     * Writes a password into a file the server can read for {@code --password-file}, outside
     * {@code etc/} and {@code data/}: the way an operator hands a password over without typing it
     * on a command line.
     *
     * @return the file's absolute path
     */
    Path passwordFile(String name, String password) throws Exception {
        Path folder = home.resolve("handed-over");
        Files.createDirectories(folder);
        Path file = folder.resolve(name);
        Files.writeString(file, password + "\n");
        if (root()) {
            run(List.of("chown", "-R", SERVICE_USER + ":", folder.toString()));
        }
        return file;
    }

    /** Runs shell commands through bin/client as admin and returns what they printed. */
    String shell(String commands) throws Exception {
        Path passwordFile = etc().resolve("admin.password");
        if (!Files.exists(passwordFile)) {
            return "";
        }
        Process client = new ProcessBuilder(home.resolve("bin/client").toString(), "-b", "-u", "admin", "-p",
                adminPassword(), "-a", String.valueOf(sshPort), "-r", "3", "-d", "1").redirectErrorStream(true).start();
        client.getOutputStream().write((commands + "\n").getBytes(StandardCharsets.UTF_8));
        client.getOutputStream().close();
        String out = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        client.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    /** Stops the server with bin/stop (the shutdown port and its secret) and waits for its end. */
    void stop() throws Exception {
        Processes.Output out = Processes.run(asServerUser(home.resolve("bin/stop").toString()), Map.of(),
                Duration.ofSeconds(60));
        assertEquals("bin/stop: " + out.output(), 0, out.exit());
        assertTrue("IEMS stops after bin/stop", karaf.waitFor(60, TimeUnit.SECONDS));
    }

    /** Stops the server with SIGTERM, as systemd does, and waits for its end. */
    void terminate() throws Exception {
        karaf.descendants().forEach(ProcessHandle::destroy);
        karaf.destroy();
        assertTrue("IEMS stops on SIGTERM", karaf.waitFor(60, TimeUnit.SECONDS));
    }

    /** Kills the server without warning (kill -9). */
    void kill() {
        karaf.descendants().forEach(ProcessHandle::destroyForcibly);
        karaf.destroyForcibly();
        try {
            karaf.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean running() {
        return karaf != null && karaf.isAlive();
    }

    @Override
    public void close() {
        if (running()) {
            kill();
        }
    }

    private static void run(List<String> command) throws Exception {
        Processes.Output out = Processes.run(command, Map.of(), Duration.ofMinutes(2));
        assertEquals(String.join(" ", command) + ": " + out.output(), 0, out.exit());
    }
}
