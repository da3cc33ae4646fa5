package org.iems.smtpd.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.iems.api.directory.Directory;
import org.iems.api.directory.NewAccount;
import org.iems.api.mail.DomainName;
import org.iems.api.mail.MailAddress;
import org.iems.api.queue.ManageableQueue;
import org.iems.api.queue.QueueEntry;
import org.iems.directory.testkit.TestDirectory;
import org.iems.net.testkit.TestNetwork;
import org.iems.queue.testkit.TestQueue;
import org.iems.testsupport.Configs;
import org.iems.testsupport.MemoryBlobStore;

/**
 * The SMTP server with its real neighbours and no container: the directory and the queue on
 * in-memory Derby databases, blobs in memory, the network service with a generated certificate,
 * all listeners on free loopback ports. Domain {@code ima.com} with {@code bart@ima.com}
 * (password {@code secret}), and the domain alias {@code jade.net}.
 */
final class SmtpServer implements AutoCloseable {

    static final String PASSWORD = "secret";

    final Directory directory;
    final ManageableQueue queue;
    final MemoryBlobStore blobs;
    final TestNetwork net;
    final SmtpdComponent smtpd;

    SmtpServer(Path dir, Map<String, Object> overrides) throws IOException {
        TestDirectory directories = TestDirectory.create("ima.com");
        directory = directories.directory();
        directory.addAccount(new NewAccount(MailAddress.parse("bart@ima.com"), PASSWORD, "Bart", NewAccount.DEFAULT_QUOTA));
        directory.addAccount(new NewAccount(MailAddress.parse("jörg@ima.com"), PASSWORD, "Jörg", NewAccount.DEFAULT_QUOTA));
        directory.addDomainAlias(DomainName.parse("jade.net"), DomainName.parse("ima.com"));
        queue = TestQueue.onDerby(Clock.systemUTC()).queue();
        blobs = new MemoryBlobStore();
        net = TestNetwork.withCertificate(dir, "mx.ima.com");
        Map<String, Object> config = new HashMap<>(Map.of("host.name", "mx.ima.com", "mx.host", "127.0.0.1", "mx.port", 0,
                "submission.host", "127.0.0.1", "submission.port", 0, "smtps.host", "127.0.0.1", "smtps.port", 0,
                "trusted.networks", ""));
        config.putAll(overrides);
        smtpd = new SmtpdComponent(net.service(), directories.recipients(), directories.authenticator(), queue, blobs,
                directory, Configs.of(SmtpdConfiguration.class, config), config);
    }

    int port(SmtpListener listener) {
        return smtpd.listener(listener).orElseThrow().boundAddress().orElseThrow().getPort();
    }

    /** Every entry in the queue, oldest first. */
    List<QueueEntry> queued() {
        return queue.list(false, 0, Integer.MAX_VALUE);
    }

    byte[] body(QueueEntry entry) throws IOException {
        try (InputStream in = blobs.open(entry.body())) {
            return in.readAllBytes();
        }
    }

    @Override
    public void close() {
        smtpd.deactivate();
        net.close();
    }
}
