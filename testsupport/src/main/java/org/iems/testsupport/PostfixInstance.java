package org.iems.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A private Postfix (Debian's package) on a free loopback port, in the foreground with its own
 * configuration, queue and log under a temporary folder: the remote MTA of domain
 * {@code remote.test}, delivering every recipient's mail to one Maildir. A recipient
 * {@code refused@remote.test} is refused at RCPT. Needs root, as Postfix does.
 */
public final class PostfixInstance implements AutoCloseable {

    public static final String DOMAIN = "remote.test";

    private final Path dir;
    private final Process master;
    public final int port;

    private PostfixInstance(Path dir, Process master, int port) {
        this.dir = dir;
        this.master = master;
        this.port = port;
    }

    /**
     * Starts Postfix.
     *
     * @param dir its folder: configuration, queue, Maildir, log
     * @param settings further main.cf lines ("relayhost = [127.0.0.1]:2525")
     * @return the running instance
     * @throws IOException if it did not start
     * @throws InterruptedException if interrupted while waiting for it
     */
    public static PostfixInstance start(Path dir, String... settings) throws IOException, InterruptedException {
        int port = Ports.free();
        Files.createDirectories(dir.resolve("mail"));
        Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(dir.resolve("queue"));
        for (Path p = dir; p != null && !p.toString().equals("/tmp") && p.getParent() != null; p = p.getParent()) {
            // Postfix's daemons run as postfix and nobody: they must reach their folders
            Set<PosixFilePermission> permissions = new HashSet<>(Files.getPosixFilePermissions(p));
            permissions.addAll(Set.of(PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE));
            Files.setPosixFilePermissions(p, permissions);
        }
        run("chown", "nobody:nogroup", dir.resolve("mail").toString());
        run("chown", "postfix", dir.resolve("data").toString());
        Files.writeString(dir.resolve("main.cf"), String.join("\n",
                "compatibility_level = 3.6",
                "queue_directory = " + dir.resolve("queue"),
                "data_directory = " + dir.resolve("data"),
                "mail_owner = postfix",
                "setgid_group = postdrop",
                "inet_interfaces = 127.0.0.1",
                "inet_protocols = ipv4",
                "myhostname = mx." + DOMAIN,
                "mydomain = " + DOMAIN,
                "mydestination =",
                "virtual_mailbox_domains = " + DOMAIN,
                "virtual_mailbox_base = " + dir.resolve("mail"),
                "virtual_mailbox_maps = static:box/",
                "virtual_uid_maps = static:65534",
                "virtual_gid_maps = static:65534",
                "smtputf8_enable = yes",
                "mynetworks = 127.0.0.0/8",
                "smtpd_recipient_restrictions = check_recipient_access inline:{ { refused@" + DOMAIN
                        + " = 550 5.1.1 no such user here } }, permit_mynetworks, reject_unauth_destination",
                "alias_maps =",
                "alias_database =",
                "maillog_file_prefixes = " + dir,
                "maillog_file = " + dir.resolve("postfix.log"),
                String.join("\n", settings),
                ""));
        List<String> master = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/etc/postfix/master.cf.proto"))) {
            String[] f = line.trim().split("\\s+");
            if (line.startsWith("smtp ") && f.length >= 8 && f[1].equals("inet")) {
                master.add("127.0.0.1:" + port + " inet n - n - - smtpd");
            } else if (!line.startsWith("#") && !line.startsWith(" ") && f.length >= 8 && f[4].equals("y")) {
                f[4] = "n";
                master.add(String.join(" ", f));
            } else {
                master.add(line);
            }
        }
        master.add("postlog unix-dgram n - n - 1 postlogd");
        Files.write(dir.resolve("master.cf"), master);
        Process process = Processes.startAndAwait(List.of("/usr/sbin/postfix", "-c", dir.toString(), "start-fg"),
                dir.resolve("master.out"), "");
        PostfixInstance postfix = new PostfixInstance(dir, process, port);
        postfix.awaitLog("daemon started");
        return postfix;
    }

    private void awaitLog(String text) throws IOException, InterruptedException {
        Path log = dir.resolve("postfix.log");
        for (int i = 0; i < 400; i++) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IOException("postfix did not log '" + text + "': " + (Files.exists(log) ? Files.readString(log) : ""));
    }

    /** The messages delivered so far, as stored in the Maildir. */
    public List<String> delivered() throws IOException {
        Path inbox = dir.resolve("mail/box/new");
        if (!Files.isDirectory(inbox)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(inbox)) {
            List<String> messages = new ArrayList<>();
            for (Path f : files.sorted().toList()) {
                messages.add(Files.readString(f));
            }
            return messages;
        }
    }

    /** Waits for a number of delivered messages. */
    public List<String> awaitDelivered(int count) throws IOException, InterruptedException {
        for (int i = 0; i < 400; i++) {
            List<String> messages = delivered();
            if (messages.size() >= count) {
                return messages;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("postfix delivered " + delivered().size() + " messages, not " + count + "; log:\n"
                + Files.readString(dir.resolve("postfix.log")));
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Processes.runOrFail(List.of(command));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run("/usr/sbin/postfix", "-c", dir.toString(), "stop");
        master.waitFor();
    }
}
