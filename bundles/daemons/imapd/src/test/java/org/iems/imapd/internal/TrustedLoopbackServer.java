package org.iems.imapd.internal;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the conversation tests: an {@link ImapServer} per test whose loopback clients may log
 * in without TLS (so conversations need not start TLS), and raw clients to it.
 */
abstract class TrustedLoopbackServer {

    @TempDir
    Path dir;
    ImapServer server;

    /** Configuration beyond trusting loopback, for a test class that needs more. */
    Map<String, Object> configuration() {
        return Map.of();
    }

    /** The server for one test; on Derby unless a test class says otherwise. */
    ImapServer newServer(Path dir, Map<String, Object> config) throws Exception {
        return new ImapServer(dir, config);
    }

    @BeforeEach
    void startServer() throws Exception {
        Map<String, Object> config = new HashMap<>(configuration());
        config.put("trusted.networks", "127.0.0.0/8");
        server = newServer(dir, config);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    ImapClient client() throws Exception {
        return new ImapClient(server.port(ImapListener.IMAP));
    }

    /** A client logged in as a user. */
    ImapClient loggedIn(String user) throws Exception {
        ImapClient c = client();
        c.login(user);
        return c;
    }

    /** A client logged in as lisa, the tests' usual user. */
    ImapClient loggedIn() throws Exception {
        return loggedIn("lisa@ima.com");
    }

    /** A client logged in as lisa with her INBOX selected. */
    ImapClient selectedInbox() throws Exception {
        ImapClient c = loggedIn();
        c.command("SELECT INBOX");
        return c;
    }
}
