package org.iems.smtpd.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.iems.api.directory.NewAccount;
import org.iems.api.mail.DomainName;
import org.iems.api.mail.MailAddress;
import org.iems.api.queue.QueueEntry;
import org.iems.api.storage.JdbcSchemaMigrations;
import org.iems.directory.internal.DirectoryComponent;
import org.iems.directory.internal.TestDirectories;
import org.iems.net.internal.NetComponent;
import org.iems.net.internal.NetConfiguration;
import org.iems.queue.internal.JdbcMessageQueue;
import org.iems.queue.internal.QueueSchema;
import org.iems.queue.internal.RetryPolicy;
import org.iems.testsupport.Configs;
import org.iems.testsupport.MemoryBlobStore;

/**
 * The SMTP server with its real neighbours and no container: the directory, the queue and the
 * blob store on an in-memory Derby database, the network service with a generated certificate,
 * all listeners on free loopback ports. Domain {@code ima.com} with {@code bart@ima.com}
 * (password {@code secret}), and the domain alias {@code jade.net}.
 */
final class SmtpServer implements AutoCloseable {

    static final String PASSWORD = "secret";

    final DirectoryComponent directory;
    final JdbcMessageQueue queue;
    final MemoryBlobStore blobs;
    final NetComponent net;
    final SmtpdComponent smtpd;
    private final EmbeddedDataSource ds;

    SmtpServer(Path dir, Map<String, Object> overrides) throws IOException {
        directory = TestDirectories.create("ima.com");
        directory.addAccount(new NewAccount(MailAddress.parse("bart@ima.com"), PASSWORD, "Bart", NewAccount.DEFAULT_QUOTA));
        directory.addAccount(new NewAccount(MailAddress.parse("jörg@ima.com"), PASSWORD, "Jörg", NewAccount.DEFAULT_QUOTA));
        directory.addDomainAlias(DomainName.parse("jade.net"), DomainName.parse("ima.com"));
        ds = new EmbeddedDataSource();
        ds.setDatabaseName("memory:" + UUID.randomUUID());
        ds.setCreateDatabase("create");
        JdbcSchemaMigrations.open(ds).migrate(QueueSchema.OWNER, QueueSchema.MIGRATIONS);
        queue = new JdbcMessageQueue(ds, Clock.systemUTC(),
                () -> new RetryPolicy(Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofDays(3)), "test");
        blobs = new MemoryBlobStore();
        net = new NetComponent(Configs.of(NetConfiguration.class, Map.of("tls.keystore", dir.resolve("tls.p12").toString(),
                "tls.certificate.name", "mx.ima.com")), Map.of("tls.keystore", dir.resolve("tls.p12").toString(),
                "tls.certificate.name", "mx.ima.com"));
        Map<String, Object> config = new HashMap<>(Map.of("host.name", "mx.ima.com", "mx.host", "127.0.0.1", "mx.port", 0,
                "submission.host", "127.0.0.1", "submission.port", 0, "smtps.host", "127.0.0.1", "smtps.port", 0,
                "trusted.networks", ""));
        config.putAll(overrides);
        smtpd = new SmtpdComponent(net, directory, directory, queue, blobs, directory,
                Configs.of(SmtpdConfiguration.class, config), config);
    }

    int port(SmtpListener listener) {
        return smtpd.listener(listener).orElseThrow().boundAddress().orElseThrow().getPort();
    }

    /** Every entry in the queue, oldest first. */
    List<QueueEntry> queued() throws Exception {
        List<QueueEntry> entries = new ArrayList<>();
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT queue_id FROM q_entry ORDER BY created_at, queue_id");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                entries.add(queue.find(rs.getString(1)).orElseThrow());
            }
        }
        return entries;
    }

    byte[] body(QueueEntry entry) throws IOException {
        try (InputStream in = blobs.open(entry.body())) {
            return in.readAllBytes();
        }
    }

    @Override
    public void close() {
        smtpd.deactivate();
        net.deactivate();
    }
}
