package org.iems.pop3d.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.iems.api.blob.BlobId;
import org.iems.api.blob.BlobWriter;
import org.iems.api.directory.Directory;
import org.iems.api.directory.NewAccount;
import org.iems.api.mail.MailAddress;
import org.iems.api.store.MessageStore;
import org.iems.directory.testkit.TestDirectory;
import org.iems.net.testkit.TestNetwork;
import org.iems.store.testkit.TestStore;
import org.iems.testsupport.MemoryDerby;
import org.iems.testsupport.Configs;
import org.iems.testsupport.MemoryBlobStore;

/**
 * The POP3 server with its real neighbours and no container: the directory and the message
 * store on in-memory Derby databases, blobs in memory, the network service with a
 * generated certificate, both listeners on free loopback ports. Domain {@code ima.com} with
 * {@code bart@ima.com} and {@code lisa@ima.com} (password {@code secret}).
 */
final class Pop3Server implements AutoCloseable {

    static final String PASSWORD = "secret";
    static final MailAddress BART = MailAddress.parse("bart@ima.com");
    static final MailAddress LISA = MailAddress.parse("lisa@ima.com");

    final Directory directory;
    final MessageStore store;
    final MemoryBlobStore blobs;
    final TestNetwork net;
    final Pop3dComponent pop3d;

    /** The store's database, which a second node may share. */
    final DataSource database;

    Pop3Server(Path dir, Map<String, Object> overrides) throws IOException {
        this(dir, overrides, MemoryDerby.newDatabase());
    }

    /** A node whose store is on the given database: another node's, for a cluster of two. */
    Pop3Server(Path dir, Map<String, Object> overrides, DataSource database) throws IOException {
        TestDirectory directories = TestDirectory.create("ima.com");
        directory = directories.directory();
        for (MailAddress a : List.of(BART, LISA)) {
            directory.addAccount(new NewAccount(a, PASSWORD, a.localPart(), NewAccount.DEFAULT_QUOTA));
        }
        this.database = database;
        store = TestStore.on(database, Clock.systemUTC(), directory).store();
        blobs = new MemoryBlobStore();
        net = TestNetwork.withCertificate(dir, "pop.ima.com");
        Map<String, Object> config = new HashMap<>(Map.of("host.name", "pop.ima.com", "pop3.host", "127.0.0.1",
                "pop3.port", 0, "pop3s.host", "127.0.0.1", "pop3s.port", 0, "trusted.networks", ""));
        config.putAll(overrides);
        pop3d = new Pop3dComponent(net.service(), directories.authenticator(), store, blobs,
                Configs.of(Pop3dConfiguration.class, config), config);
    }

    int port(Pop3Listener listener) {
        return pop3d.listener(listener).orElseThrow().boundAddress().orElseThrow().getPort();
    }

    /** Delivers a message to an INBOX as local delivery would; returns its UID. */
    long deliver(MailAddress account, String text) throws Exception {
        BlobId id;
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try (BlobWriter w = blobs.create()) {
            w.stream().write(bytes);
            id = w.commit();
        }
        return store.append(account, "INBOX", id, bytes.length, Set.of(), Instant.now(), null);
    }

    @Override
    public void close() {
        pop3d.deactivate();
        net.close();
    }
}
