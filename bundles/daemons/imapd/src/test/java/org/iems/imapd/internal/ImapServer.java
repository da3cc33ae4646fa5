package org.iems.imapd.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.iems.api.blob.BlobId;
import org.iems.api.blob.BlobWriter;
import org.iems.api.directory.NewAccount;
import org.iems.api.mail.MailAddress;
import org.iems.api.storage.JdbcSchemaMigrations;
import org.iems.directory.internal.DirectoryComponent;
import org.iems.directory.internal.TestDirectories;
import org.iems.net.internal.NetComponent;
import org.iems.net.internal.NetConfiguration;
import org.iems.store.internal.blob.FileBlobStore;
import org.iems.store.internal.mailbox.JdbcMessageStore;
import org.iems.store.internal.mailbox.Quota;
import org.iems.store.internal.mailbox.StoreSchema;
import org.iems.testsupport.Configs;

/**
 * The IMAP server with its real neighbours and no container: the directory and the message
 * store on an in-memory Derby database, blobs in a folder, the network service with a
 * generated certificate, both listeners on free loopback ports. Domain {@code ima.com} with
 * {@code bart@ima.com} and {@code lisa@ima.com} (password {@code secret}).
 */
final class ImapServer implements AutoCloseable {

    static final String PASSWORD = "secret";
    static final MailAddress BART = MailAddress.parse("bart@ima.com");
    static final MailAddress LISA = MailAddress.parse("lisa@ima.com");

    final DirectoryComponent directory;
    final JdbcMessageStore store;
    final FileBlobStore blobs;
    final NetComponent net;
    final ImapdComponent imapd;

    ImapServer(Path dir, Map<String, Object> overrides) throws IOException {
        directory = TestDirectories.create("ima.com");
        for (MailAddress a : List.of(BART, LISA)) {
            directory.addAccount(new NewAccount(a, PASSWORD, a.localPart(), NewAccount.DEFAULT_QUOTA));
        }
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName("memory:" + UUID.randomUUID());
        ds.setCreateDatabase("create");
        JdbcSchemaMigrations.open(ds).migrate(StoreSchema.OWNER, StoreSchema.MIGRATIONS);
        store = new JdbcMessageStore(ds, a -> directory.findAccount(a)
                .map(account -> new Quota(account.quotaBytes(), account.quotaMessages())).orElse(Quota.UNLIMITED),
                Clock.systemUTC());
        blobs = new FileBlobStore(dir.resolve("blobs"), () -> Duration.ofHours(1), Clock.systemUTC(), () -> List.of(store),
                () -> true);
        net = new NetComponent(Configs.of(NetConfiguration.class, Map.of("tls.keystore", dir.resolve("tls.p12").toString(),
                "tls.certificate.name", "imap.ima.com")), Map.of("tls.keystore", dir.resolve("tls.p12").toString(),
                "tls.certificate.name", "imap.ima.com"));
        Map<String, Object> config = new HashMap<>(Map.of("host.name", "imap.ima.com", "imap.host", "127.0.0.1",
                "imap.port", 0, "imaps.host", "127.0.0.1", "imaps.port", 0, "trusted.networks", ""));
        config.putAll(overrides);
        imapd = new ImapdComponent(net, directory, directory, store, blobs,
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
        net.deactivate();
    }
}
