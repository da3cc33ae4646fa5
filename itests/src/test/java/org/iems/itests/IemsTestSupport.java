package org.iems.itests;

import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.systemTimeout;
import static org.ops4j.pax.exam.CoreOptions.vmOptions;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Dictionary;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Boots the real IEMS distribution (the karaf-assembly tar.gz) under Pax Exam, on free ports,
 * and runs shell commands in it the way an operator types them.
 */
public abstract class IemsTestSupport {

    /** The local domain the itests configure, so that results do not depend on the host name. */
    protected static final String LOCAL_DOMAIN = "ima.com";
    private static final String KARAF = System.getProperty("karaf.version");

    @Inject
    protected BundleContext bundleContext;

    @Inject
    protected SessionFactory sessionFactory;

    @Inject
    protected ConfigurationAdmin configAdmin;

    @Inject
    private ServiceComponentRuntime componentRuntime;

    @Configuration
    public Option[] config() {
        String version = System.getProperty("iems.version");
        return new Option[] {
            karafDistributionConfiguration()
                    .frameworkUrl(maven().groupId("org.iems").artifactId("iems-karaf-assembly").version(version).type("tar.gz"))
                    .unpackDirectory(new File("target/exam"))
                    .useDeployFolder(false)
                    .name("IEMS"),
            keepRuntimeFolder(),
            logLevel(LogLevelOption.LogLevel.INFO),
            configureConsole().ignoreLocalConsole(),
            systemTimeout(TimeUnit.MINUTES.toMillis(5)),
            editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", String.valueOf(freePort())),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", String.valueOf(freePort())),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort", String.valueOf(freePort())),
            // Felix fileinstall writes each Configuration Admin change back to etc/<pid>.cfg in place and
            // watches the same file: a change made while it rewrites the file can be read back half
            // written and revert the configuration to its first lines (seen: org.iems.smtpc left with only
            // transport.map). The tests change configuration through Configuration Admin only.
            editConfigurationFilePut("etc/config.properties", "felix.fileinstall.enableConfigSave", "false"),
            editConfigurationFilePut("etc/org.iems.directory.cfg", "local.domain", LOCAL_DOMAIN),
            editConfigurationFilePut("etc/org.iems.smtpd.cfg", "host.name", "mx." + LOCAL_DOMAIN),
            editConfigurationFilePut("etc/org.iems.smtpd.cfg", "mx.host", "127.0.0.1"),
            editConfigurationFilePut("etc/org.iems.smtpd.cfg", "mx.port", String.valueOf(freePort())),
            editConfigurationFilePut("etc/org.iems.smtpd.cfg", "submission.host", "127.0.0.1"),
            editConfigurationFilePut("etc/org.iems.smtpd.cfg", "submission.port", String.valueOf(freePort())),
            editConfigurationFilePut("etc/org.iems.smtpd.cfg", "smtps.host", "127.0.0.1"),
            editConfigurationFilePut("etc/org.iems.smtpd.cfg", "smtps.port", String.valueOf(freePort())),
            editConfigurationFilePut("etc/org.iems.pop3d.cfg", "host.name", "pop." + LOCAL_DOMAIN),
            editConfigurationFilePut("etc/org.iems.pop3d.cfg", "pop3.host", "127.0.0.1"),
            editConfigurationFilePut("etc/org.iems.pop3d.cfg", "pop3.port", String.valueOf(freePort())),
            editConfigurationFilePut("etc/org.iems.pop3d.cfg", "pop3s.host", "127.0.0.1"),
            editConfigurationFilePut("etc/org.iems.pop3d.cfg", "pop3s.port", String.valueOf(freePort())),
            editConfigurationFilePut("etc/org.iems.imapd.cfg", "host.name", "imap." + LOCAL_DOMAIN),
            editConfigurationFilePut("etc/org.iems.imapd.cfg", "imap.host", "127.0.0.1"),
            editConfigurationFilePut("etc/org.iems.imapd.cfg", "imap.port", String.valueOf(freePort())),
            editConfigurationFilePut("etc/org.iems.imapd.cfg", "imaps.host", "127.0.0.1"),
            editConfigurationFilePut("etc/org.iems.imapd.cfg", "imaps.port", String.valueOf(freePort())),
            // no DNS from the tests: remote domains wait in the queue unless a test maps them to a local server
            editConfigurationFilePut("etc/org.iems.smtpc.cfg", "dns.servers", "127.0.0.1:" + freePort()),
            editConfigurationFilePut("etc/org.iems.smtpc.cfg", "dns.timeout.seconds", "1"),
            editConfigurationFilePut("etc/org.iems.smtpc.cfg", "helo.name", "mx." + LOCAL_DOMAIN),
            systemProperty("iems.test.peer").value(new File("../bundles/channels/smtpc/src/test/python/scripted_peer.py")
                    .getAbsolutePath()),
            // bin/karaf passes these on Java 17; Pax Exam does not, so they are repeated here
            vmOptions("-Xmx1g", "-Djdk.tls.rejectClientInitiatedRenegotiation=true",
                    "--add-reads=java.xml=java.logging",
                    "--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED",
                    "--patch-module", "java.base=lib/endorsed/org.apache.karaf.specs.locator-" + KARAF + ".jar",
                    "--patch-module", "java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-" + KARAF + ".jar",
                    "--add-opens", "java.base/java.security=ALL-UNNAMED",
                    "--add-opens", "java.base/java.net=ALL-UNNAMED",
                    "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                    "--add-opens", "java.base/java.util=ALL-UNNAMED",
                    "--add-opens", "java.naming/javax.naming.spi=ALL-UNNAMED",
                    "--add-opens", "java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED",
                    "--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED",
                    "--add-exports=java.base/sun.net.www.protocol.ftp=ALL-UNNAMED",
                    "--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED",
                    "--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED",
                    "--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED",
                    "--add-exports=java.base/sun.net.www.content.text=ALL-UNNAMED",
                    "--add-exports=jdk.xml.dom/org.w3c.dom.html=ALL-UNNAMED",
                    "--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED"),
        };
    }

    /**
     * A free loopback port for a listener the test configures, below the ephemeral range, as
     * testsupport's {@code Ports} chooses them (see why there). Not that class itself: this runs in
     * the container too, where the probe sees the test classes only.
     */
    protected static int freePort() {
        for (int i = 0; i < 1_000; i++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 32_768);
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // in use: draw another
            }
        }
        throw new IllegalStateException("no free port from 20000 to 32767");
    }

    /** The outcome of one shell command: what it printed, and its error if it failed. */
    protected record CommandResult(String output, Exception error) {
        boolean failed() {
            return error != null;
        }
    }

    /**
     * Runs a command in a new shell session, as typed at the Karaf console. Waits first for the
     * command to be registered: Karaf withdraws a bundle's commands while a service they need is
     * away (a bundle restart, a refresh) and brings them back asynchronously.
     */
    protected CommandResult run(String command) {
        awaitCommand(command.strip().split("\\s+", 2)[0]);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Session session = sessionFactory.create(System.in, out, out);
        Exception error = null;
        try {
            session.execute(command);
        } catch (Exception e) {
            error = e;
        } finally {
            session.close();
        }
        out.flush();
        return new CommandResult(bytes.toString(StandardCharsets.UTF_8), error);
    }

    private void awaitCommand(String scopedName) {
        int colon = scopedName.indexOf(':');
        if (colon < 0) {
            return;
        }
        String scope = scopedName.substring(0, colon);
        String name = scopedName.substring(colon + 1);
        long deadline = System.currentTimeMillis() + 30_000;
        while (sessionFactory.getRegistry().getCommand(scope, name) == null) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("command " + scopedName + " not registered within 30 s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + scopedName, e);
            }
        }
    }

    /**
     * A file holding a password, for {@code --password-file}: the shell takes no password on its
     * command line.
     */
    protected static String passwordFile(String password) {
        try {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("iems-it-password", ".txt");
            file.toFile().deleteOnExit();
            java.nio.file.Files.writeString(file, password + "\n");
            return file.toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Runs a command that must succeed and returns its output. */
    protected String ok(String command) {
        CommandResult result = run(command);
        if (result.failed()) {
            throw new AssertionError(command + " failed: " + result.error().getMessage() + "\n" + result.output(),
                    result.error());
        }
        return result.output();
    }

    /** Runs a command that must fail and returns its one-line error message. */
    protected String fails(String command) {
        CommandResult result = run(command);
        if (!result.failed()) {
            throw new AssertionError(command + " should have failed but printed:\n" + result.output());
        }
        return result.error().getMessage();
    }

    protected <T> T service(Class<T> type, long timeoutMillis) throws InterruptedException {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(bundleContext, type, null);
        tracker.open();
        try {
            T service = tracker.waitForService(timeoutMillis);
            if (service == null) {
                throw new AssertionError("no " + type.getName() + " service within " + timeoutMillis + " ms");
            }
            return service;
        } finally {
            tracker.close();
        }
    }

    /**
     * The port a daemon's listener is configured on, once it takes connections: a test starts as
     * soon as the container is up, which may be before the daemons have bound their listeners.
     */
    protected int listeningPort(String pid, String property) throws IOException, InterruptedException {
        int port = Integer.parseInt(String.valueOf(configAdmin.getConfiguration(pid, null).getProperties().get(property)));
        await(pid + " listening on " + property + " " + port, 60_000, () -> connects(port));
        return port;
    }

    /** Whether a listener on loopback takes connections. */
    protected static boolean connects(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    protected static void await(String what, long timeoutMillis, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    /**
     * Changes properties of a configuration live and returns once the component holding it runs with them
     * (Configuration Admin hands changes to the component asynchronously).
     */
    protected void configure(String pid, String... keyValues) throws IOException, InterruptedException {
        org.osgi.service.cm.Configuration config = configAdmin.getConfiguration(pid, null);
        Dictionary<String, Object> properties = config.getProperties();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put(keyValues[i], keyValues[i + 1]);
        }
        config.update(properties);
        await(pid + " applied", 30_000, () -> runsWith(pid, keyValues));
    }

    private boolean runsWith(String pid, String... keyValues) {
        for (ComponentDescriptionDTO description : componentRuntime.getComponentDescriptionDTOs()) {
            for (ComponentConfigurationDTO component : componentRuntime.getComponentConfigurationDTOs(description)) {
                if (component.state == ComponentConfigurationDTO.ACTIVE
                        && pid.equals(component.properties.get("service.pid"))
                        && holds(component, keyValues)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean holds(ComponentConfigurationDTO component, String... keyValues) {
        for (int i = 0; i < keyValues.length; i += 2) {
            if (!keyValues[i + 1].equals(String.valueOf(component.properties.get(keyValues[i])))) {
                return false;
            }
        }
        return true;
    }

    /** The installed bundle with this symbolic name. */
    protected Bundle bundle(String symbolicName) {
        for (Bundle b : bundleContext.getBundles()) {
            if (b.getSymbolicName().equals(symbolicName)) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }
}
