package org.iems.imapd.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iems.imapd.internal.ImapServer.BART;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.iems.api.store.FlagChange;
import org.iems.api.store.StoredMessage;
import org.iems.testsupport.Processes;
import org.iems.testsupport.TrustingTls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The IMAP server as independent clients use it: Python's imaplib, curl, mutt, fetchmail and
 * mbsync (Debian packages, installed by the test command), over STARTTLS and implicit TLS.
 */
class RealClientsTest {

    private static final String FIRST = "Subject: first\r\n\r\nbody 1\r\n";
    private static final String SECOND = "Subject: second\r\n\r\nbody 2\r\n";
    private static final String THIRD = "Subject: third\r\n\r\nbody 3\r\nmore 3\r\n";

    @TempDir
    Path dir;
    private ImapServer server;

    @BeforeEach
    void start() throws Exception {
        server = new ImapServer(dir, Map.of());
        for (String text : List.of(FIRST, SECOND, THIRD)) {
            server.deliver(BART, text);
        }
        server.store.updateFlags(BART, "INBOX", List.of(2L), FlagChange.ADD, Set.of(
                "\\Seen"), OptionalLong.empty());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private record Run(int exit, String output) {
    }

    private static Run run(List<String> command) throws IOException, InterruptedException {
        return run(command, Map.of());
    }

    private static Run run(List<String> command, Map<String, String> environment)
            throws IOException, InterruptedException {
        Processes.Output result = Processes.run(command, environment, Duration.ofSeconds(120));
        assertThat(result.ended()).as("%s ends", command).isTrue();
        return new Run(result.exit(), result.output());
    }

    @Test
    void imaplibReadsFilesMovesAndIdles() throws Exception {
        Run python = run(List.of("python3", "src/test/python/imap_clients.py",
                String.valueOf(server.port(ImapListener.IMAP)), String.valueOf(server.port(ImapListener.IMAPS)),
                dir.resolve("unused").toString()));
        assertThat(python.exit()).as(python.output()).isZero();
        assertThat(python.output().lines().filter(l -> l.startsWith("OK "))).hasSize(5);
        assertThat(server.store.messages(BART, "Projects/IEMS", 1, 10)).extracting(StoredMessage::size)
                .containsExactly((long) "Subject: appended\r\n\r\nhello\r\n".length(), (long) FIRST.length(),
                        (long) SECOND.length());
        assertThat(server.store.messages(BART, "Sent", 1, 10)).extracting(StoredMessage::size)
                .containsExactly((long) THIRD.length());
    }

    @Test
    void imaplibSortsThreadsSearchesAnnotatesAndResynchronizes() throws Exception {
        Run python = run(List.of("python3", "src/test/python/imap_extensions.py",
                String.valueOf(server.port(ImapListener.IMAPS))));
        assertThat(python.exit()).as(python.output()).isZero();
        assertThat(python.output().lines().filter(l -> l.startsWith("OK "))).containsExactly("OK sort", "OK thread",
                "OK esearch", "OK metadata", "OK utf8", "OK qresync");
    }

    @Test
    void curlListsFetchesAndSearchesOverStartTlsAndImplicitTls() throws Exception {
        String user = "bart@ima.com:" + ImapServer.PASSWORD;
        Run message = run(List.of("curl", "-sS", "--ssl-reqd", "-k", "--user", user,
                "imap://127.0.0.1:" + server.port(ImapListener.IMAP) + "/INBOX;UID=3"));
        assertThat(message.exit()).as(message.output()).isZero();
        assertThat(message.output()).isEqualTo(THIRD);
        Run search = run(List.of("curl", "-sS", "-k", "--user", user, "imaps://127.0.0.1:"
                + server.port(ImapListener.IMAPS) + "/INBOX?SUBJECT%20second"));
        assertThat(search.exit()).as(search.output()).isZero();
        assertThat(search.output().strip()).isEqualTo("* SEARCH 2");
        Run list = run(List.of("curl", "-sS", "-k", "--user", user, "imaps://127.0.0.1:"
                + server.port(ImapListener.IMAPS) + "/"));
        assertThat(list.exit()).as(list.output()).isZero();
        assertThat(list.output()).contains("* LIST (\\HasNoChildren) \"/\" INBOX",
                "* LIST (\\HasNoChildren \\Sent) \"/\" Sent");
    }

    @Test
    void muttReadsAMessageAndMovesAnother() throws Exception {
        server.store.createMailbox(BART, "Archive");
        Path muttrc = dir.resolve("muttrc");
        Path out = dir.resolve("read.txt");
        // the server's certificate in mutt's file of trusted ones keeps mutt from asking about it
        Files.writeString(muttrc, String.join("\n",
                "set imap_user=bart@ima.com", "set imap_pass=" + ImapServer.PASSWORD,
                "set certificate_file=" + certificate(), "set ssl_verify_host=no",
                "set folder=imaps://127.0.0.1:" + server.port(ImapListener.IMAPS) + "/",
                "set spoolfile=+INBOX", "set confirmappend=no", "set delete=yes", "set move=no", "set mark_old=no",
                "set wait_key=no", "set sort=date-received", "set header_cache=", "set message_cachedir=", ""));
        String keys = "<limit>~s second<enter><pipe-message>cat > " + out + "<enter>"
                + "<limit>~s third<enter><save-message>=Archive<enter><sync-mailbox><quit>";
        Run mutt = run(List.of("script", "-qec", "mutt -n -F " + muttrc + " -e 'push \"" + keys + "\"'", "/dev/null"),
                Map.of("TERM", "xterm", "HOME", dir.toString()));
        assertThat(mutt.exit()).as(mutt.output()).isZero();
        assertThat(Files.readString(out)).contains("Subject: second", "body 2");
        assertThat(server.store.messages(BART, "Archive", 1, 10)).extracting(StoredMessage::size)
                .containsExactly((long) THIRD.length());
        assertThat(server.store.messages(BART, "INBOX", 1, 10)).extracting(StoredMessage::uid)
                .containsExactly(1L, 2L);
    }

    @Test
    void fetchmailDownloadsEverythingOverStartTlsAndDeletesIt() throws Exception {
        Path mbox = dir.resolve("fetched");
        Path rc = dir.resolve("fetchmailrc");
        Files.writeString(rc, "set no syslog\n"
                + "poll 127.0.0.1 service " + server.port(ImapListener.IMAP) + " protocol IMAP\n"
                + "  user \"bart@ima.com\" there with password \"" + ImapServer.PASSWORD + "\" is \"bart\" here\n"
                + "  sslproto TLS1.2+ no sslcertck fetchall\n"
                + "  mda \"/bin/sh -c 'cat >> " + mbox + "'\"\n");
        Files.setPosixFilePermissions(rc, PosixFilePermissions.fromString("rw-------"));
        Run fetch = run(List.of("fetchmail", "-f", rc.toString(), "-v", "--nodetach", "--pidfile",
                dir.resolve("fetchmail.pid").toString()), Map.of("HOME", dir.toString()));
        assertThat(fetch.exit()).as(fetch.output()).isZero();
        assertThat(fetch.output()).contains("3 messages", "STARTTLS");
        assertThat(Files.readString(mbox)).contains("Subject: first", "Subject: second", "more 3");
        assertThat(server.store.messages(BART, "INBOX", 1, 10)).isEmpty();
    }

    @Test
    void mbsyncSyncsBothWays() throws Exception {
        Path maildir = dir.resolve("Mail");
        List<String> mbsync = mbsync(maildir, "bart@ima.com");
        Run first = run(mbsync, Map.of("HOME", dir.toString()));
        assertThat(first.exit()).as(first.output()).isZero();
        List<Path> local = localMessages(maildir.resolve("INBOX"));
        assertThat(local).hasSize(3);
        assertThat(local.stream().filter(p -> p.getFileName().toString().endsWith(",S"))).hasSize(1);

        // local changes: a new message, one marked read, one deleted
        Path first1 = local.stream().filter(p -> read(p).contains("Subject: first")).findFirst().orElseThrow();
        Path third = local.stream().filter(p -> read(p).contains("Subject: third")).findFirst().orElseThrow();
        Files.move(first1, first1.resolveSibling(first1.getFileName().toString().replaceAll(":2,.*$", "") + ":2,FS"));
        Files.delete(third);
        Files.writeString(maildir.resolve("INBOX/new/1700000000.local.host"), "Subject: written locally\r\n\r\nhi\r\n");
        Run second = run(mbsync, Map.of("HOME", dir.toString()));
        assertThat(second.exit()).as(second.output()).isZero();
        List<StoredMessage> remote = server.store.messages(BART, "INBOX", 1, 10);
        assertThat(remote).extracting(StoredMessage::uid).containsExactly(1L, 2L, 4L);
        assertThat(remote.get(0).flags()).containsExactlyInAnyOrder("\\Seen", "\\Flagged");

        // a change made through IEMS reaches the local copy
        server.store.updateFlags(BART, "INBOX", List.of(2L), FlagChange.ADD,
                Set.of("\\Answered"), OptionalLong.empty());
        server.store.createMailbox(BART, "Lists/iems");
        server.deliver(BART, "Lists/iems", "Subject: list mail\r\n\r\nx\r\n", Set.of(),
                Instant.now());
        Run third3 = run(mbsync, Map.of("HOME", dir.toString()));
        assertThat(third3.exit()).as(third3.output()).isZero();
        assertThat(localMessages(maildir.resolve("INBOX"))).anyMatch(p -> read(p).contains("Subject: second")
                && p.getFileName().toString().endsWith(",RS"));
        assertThat(localMessages(maildir.resolve("Lists/iems"))).singleElement()
                .satisfies(p -> assertThat(read(p)).contains("list mail"));
    }

    @Test
    void mbsyncSyncsAThousandMessagesFlagsGoBackAndASecondSyncChangesNothing() throws Exception {
        for (int i = 1; i <= 1_000; i++) {
            server.deliver(ImapServer.LISA, "Subject: message " + i + "\r\nMessage-ID: <" + i + "@ima.com>\r\n\r\nbody "
                    + i + "\r\n");
        }
        Path maildir = dir.resolve("Lisa");
        List<String> mbsync = mbsync(maildir, "lisa@ima.com");
        Run first = run(mbsync, Map.of("HOME", dir.toString()));
        assertThat(first.exit()).as(first.output()).isZero();
        List<Path> local = localMessages(maildir.resolve("INBOX"));
        assertThat(local).hasSize(1_000);

        // ten read and flagged here go back to the server
        for (Path message : local.subList(0, 10)) {
            Files.move(message, message.resolveSibling(message.getFileName().toString().replaceAll(":2,.*$", "")
                    + ":2,FS"));
        }
        Run second = run(mbsync, Map.of("HOME", dir.toString()));
        assertThat(second.exit()).as(second.output()).isZero();
        assertThat(server.store.messages(ImapServer.LISA, "INBOX", 1, 2_000))
                .filteredOn(m -> m.flags().containsAll(Set.of("\\Seen", "\\Flagged"))).hasSize(10);

        // nothing changed on either side: a third sync changes nothing on either side
        List<String> before = fileNames(maildir.resolve("INBOX"));
        long modSeq = server.store.status(ImapServer.LISA, "INBOX").orElseThrow().highestModSeq();
        Run third = run(mbsync, Map.of("HOME", dir.toString()));
        assertThat(third.exit()).as(third.output()).isZero();
        assertThat(fileNames(maildir.resolve("INBOX"))).isEqualTo(before);
        assertThat(server.store.status(ImapServer.LISA, "INBOX").orElseThrow().highestModSeq()).isEqualTo(modSeq);
    }

    /** mbsync's command line, with a configuration syncing every mailbox of a user into a Maildir over IMAPS. */
    private List<String> mbsync(Path maildir, String user) throws Exception {
        Files.createDirectories(maildir);
        Path rc = dir.resolve("mbsyncrc-" + maildir.getFileName());
        Files.writeString(rc, String.join("\n",
                "IMAPAccount iems", "Host 127.0.0.1", "Port " + server.port(ImapListener.IMAPS),
                "User " + user, "Pass " + ImapServer.PASSWORD, "SSLType IMAPS", "CertificateFile "
                        + certificate(), "",
                "IMAPStore remote", "Account iems", "",
                "MaildirStore local", "Path " + maildir + "/", "Inbox " + maildir + "/INBOX", "SubFolders Verbatim", "",
                "Channel sync", "Far :remote:", "Near :local:", "Patterns *", "Create Both", "Expunge Both",
                "SyncState *", ""));
        return List.of("mbsync", "-c", rc.toString(), "-a");
    }

    private static List<String> fileNames(Path folder) throws IOException {
        return localMessages(folder).stream().map(p -> p.getFileName().toString()).sorted().toList();
    }

    private static List<Path> localMessages(Path folder) throws IOException {
        List<Path> out = new ArrayList<>();
        for (String sub : List.of("cur", "new")) {
            try (Stream<Path> files = Files.list(folder.resolve(sub))) {
                files.forEach(out::add);
            }
        }
        return out;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server's certificate in PEM, for a client that checks it. */
    private Path certificate() throws Exception {
        SSLContext context = TrustingTls.context();
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory()
                .createSocket("127.0.0.1", server.port(ImapListener.IMAPS))) {
            socket.startHandshake();
            Certificate cert = socket.getSession().getPeerCertificates()[0];
            Path pem = dir.resolve("server.pem");
            Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(cert.getEncoded())
                    + "\n-----END CERTIFICATE-----\n");
            return pem;
        }
    }
}
