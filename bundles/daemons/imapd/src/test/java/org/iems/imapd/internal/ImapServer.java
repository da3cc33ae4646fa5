package org.iems.imapd.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.iems.api.blob.BlobId;
import org.iems.api.blob.BlobWriter;
import org.iems.api.directory.Directory;
import org.iems.api.directory.NewAccount;
import org.iems.api.mail.MailAddress;
import org.iems.api.store.MessageStore;
import org.iems.directory.testkit.TestDirectory;
import org.iems.net.testkit.TestNetwork;
import org.iems.store.testkit.TestStore;
import org.iems.testsupport.Configs;
import org.iems.testsupport.MemoryBlobStore;

/**
 * The IMAP server with its real neighbours and no container: the directory and the message
 * store on in-memory Derby databases, blobs in memory, the network service with a
 * generated certificate, both listeners on free loopback ports. Domain {@code ima.com} with
 * {@code bart@ima.com} and {@code lisa@ima.com} (password {@code secret}).
 */
final class ImapServer implements AutoCloseable {

    static final String PASSWORD = "secret";
    /** What CAPABILITY says after login, with the default configuration. */
    static final String CAPABILITIES = "IMAP4rev1 IMAP4rev2 LITERAL+ SASL-IR ID ENABLE IDLE NAMESPACE UNSELECT UIDPLUS"
            + " MULTIAPPEND CATENATE MOVE ESEARCH SEARCHRES WITHIN SORT SORT=DISPLAY THREAD=ORDEREDSUBJECT THREAD=REFERENCES"
            + " CHILDREN SPECIAL-USE CREATE-SPECIAL-USE CONDSTORE QRESYNC LIST-EXTENDED LIST-STATUS STATUS=SIZE"
            + " OBJECTID SAVEDATE PREVIEW BINARY METADATA METADATA-SERVER COMPRESS=DEFLATE QUOTA QUOTA=RES-STORAGE"
            + " QUOTA=RES-MESSAGE ACL RIGHTS=texk UTF8=ACCEPT NOTIFY APPENDLIMIT=52428800";
    static final MailAddress BART = MailAddress.parse("bart@ima.com");
    static final MailAddress LISA = MailAddress.parse("lisa@ima.com");

    final Directory directory;
    final MessageStore store;
    final MemoryBlobStore blobs;
    final TestNetwork net;
    final ImapdComponent imapd;

    ImapServer(Path dir, Map<String, Object> overrides) throws IOException {
        this(dir, overrides, directory -> TestStore.onDerby(Clock.systemUTC(), directory));
    }

    /** With the message store the test makes (on PostgreSQL, say) from the directory. */
    ImapServer(Path dir, Map<String, Object> overrides, Function<Directory, TestStore> stores) throws IOException {
        TestDirectory directories = TestDirectory.create("ima.com");
        directory = directories.directory();
        for (MailAddress a : List.of(BART, LISA)) {
            directory.addAccount(new NewAccount(a, PASSWORD, a.localPart(), NewAccount.DEFAULT_QUOTA));
        }
        store = stores.apply(directory).store();
        blobs = new MemoryBlobStore();
        net = TestNetwork.withCertificate(dir, "imap.ima.com");
        Map<String, Object> config = new HashMap<>(Map.of("host.name", "imap.ima.com", "imap.host", "127.0.0.1",
                "imap.port", 0, "imaps.host", "127.0.0.1", "imaps.port", 0, "trusted.networks", ""));
        config.putAll(overrides);
        imapd = new ImapdComponent(net.service(), directories.authenticator(), directory, store, blobs,
                Configs.of(ImapdConfiguration.class, config), config);
    }

    int port(ImapListener listener) {
        return imapd.listener(listener).orElseThrow().boundAddress().orElseThrow().getPort();
    }

    /** Delivers a message to an INBOX as local delivery would; returns its UID. */
    long deliver(MailAddress account, String text) throws Exception {
        return deliver(account, "INBOX", text, Set.of(), Instant.now());
    }

    /** Stores a message in a mailbox with flags and an internal date; returns its UID. */
    long deliver(MailAddress account, String mailbox, String text, Set<String> flags, Instant date) throws Exception {
        return deliver(account, mailbox, "", text, flags, date);
    }

    /** Stores a message with delivery header fields before its shared blob, as local delivery does. */
    long deliver(MailAddress account, String mailbox, String deliveryHeaders, String text, Set<String> flags,
            Instant date) throws Exception {
        BlobId id;
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try (BlobWriter w = blobs.create()) {
            w.stream().write(bytes);
            id = w.commit();
        }
        return store.append(account, mailbox, deliveryHeaders, id, bytes.length, flags, date, null);
    }

    @Override
    public void close() {
        imapd.deactivate();
        net.close();
    }
}
