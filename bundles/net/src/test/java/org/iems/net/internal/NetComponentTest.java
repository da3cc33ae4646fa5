package org.iems.net.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.iems.api.net.Connection;
import org.iems.api.net.ConnectionHandler;
import org.iems.api.net.Listener;
import org.iems.api.net.ListenerSpec;
import org.iems.testsupport.Configs;
import org.iems.testsupport.TrustingTls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The network service with real sockets and a real TLS client, no container. */
class NetComponentTest {

    @TempDir
    Path etc;

    private NetComponent net;
    private final List<String> threads = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final CountDownLatch idled = new CountDownLatch(1);

    @BeforeEach
    void start() {
        net = new NetComponent(config(Map.of()));
    }

    @AfterEach
    void stop() {
        net.deactivate();
    }

    private NetConfiguration config(Map<String, Object> overrides) {
        Map<String, Object> values = new java.util.HashMap<>(Map.of("tls.keystore", etc.resolve("tls.p12").toString(),
                "tls.certificate.name", "mail.example.test", "auth.max.failures", 3));
        values.putAll(overrides);
        return Configs.of(NetConfiguration.class, values);
    }

    private static ListenerSpec spec(int port, boolean tls, List<String> deny, int perClient, Duration idle) {
        return new ListenerSpec("test", "127.0.0.1", port, tls, List.of(), deny, List.of("127.0.0.0/8"), perClient, idle);
    }

    private static ListenerSpec spec(int port) {
        return spec(port, false, List.of(), 10, Duration.ofMinutes(1));
    }

    /** Greets, echoes each line, reports TLS, starts TLS on STARTTLS and drops what followed it. */
    private final class Echo implements ConnectionHandler {
        private final Connection connection;

        Echo(Connection connection) {
            this.connection = connection;
            connection.write(("hello trusted=" + connection.trusted() + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public void received(byte[] data) {
            threads.add(Thread.currentThread().getName());
            for (String line : new String(data, StandardCharsets.US_ASCII).split("\r\n")) {
                if (line.equals("STARTTLS")) {
                    connection.write("go\r\n".getBytes(StandardCharsets.US_ASCII));
                    connection.startTls();
                    return;
                }
                String answer = line.equals("TLS?") ? connection.tlsProtocol().orElse("none") : "echo " + line;
                connection.write((answer + "\r\n").getBytes(StandardCharsets.US_ASCII));
            }
        }

        @Override
        public void idle() {
            idled.countDown();
        }

        @Override
        public void closed() {
            closed.countDown();
        }
    }

    private Listener listen(ListenerSpec spec) {
        return net.listen(spec, Echo::new);
    }

    private static int port(Listener listener) {
        return listener.boundAddress().orElseThrow().getPort();
    }

    private static final class Client implements AutoCloseable {
        final Socket socket;
        final BufferedReader in;
        final OutputStream out;

        Client(Socket socket) throws IOException {
            this.socket = socket;
            socket.setSoTimeout(10_000);
            this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            this.out = socket.getOutputStream();
        }

        static Client plain(int port) throws IOException {
            return new Client(new Socket("127.0.0.1", port));
        }

        String send(String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return in.readLine();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static SSLSocket tls(Socket plain, String... protocols) throws Exception {
        SSLSocket socket = (SSLSocket) TrustingTls.context().getSocketFactory().createSocket(plain, "127.0.0.1", plain.getPort(), true);
        if (protocols.length > 0) {
            socket.setEnabledProtocols(protocols);
        }
        socket.startHandshake();
        return socket;
    }

    @Test
    void runsHandlersOnWorkerThreadsAndTellsTrust() throws Exception {
        try (Listener listener = listen(spec(0)); Client client = Client.plain(port(listener))) {
            assertThat(client.in.readLine()).isEqualTo("hello trusted=true");
            assertThat(client.send("one")).isEqualTo("echo one");
            assertThat(threads).allMatch(name -> name.startsWith("iems-net-worker-"));
        }
    }

    @Test
    void generatesASelfSignedCertificateAndUpgradesWithStartTls() throws Exception {
        assertThat(net.tlsAvailable()).isTrue();
        assertThat(etc.resolve("tls.p12")).exists();
        try (Listener listener = listen(spec(0)); Client client = Client.plain(port(listener))) {
            client.in.readLine();
            assertThat(client.send("TLS?")).isEqualTo("none");
            assertThat(client.send("STARTTLS")).isEqualTo("go");
            SSLSocket secure = tls(client.socket);
            X509Certificate certificate = (X509Certificate) secure.getSession().getPeerCertificates()[0];
            assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=mail.example.test");
            try (Client upgraded = new Client(secure)) {
                assertThat(upgraded.send("TLS?")).isEqualTo("TLSv1.3");
            }
        }
    }

    @Test
    void plaintextSentAfterStartTlsNeverCountsAsEncrypted() throws Exception {
        try (Listener listener = listen(spec(0)); Client client = Client.plain(port(listener))) {
            client.in.readLine();
            client.out.write("STARTTLS\r\nINJECTED\r\n".getBytes(StandardCharsets.US_ASCII));
            client.out.flush();
            assertThat(client.in.readLine()).isEqualTo("go");
            SSLSocket secure = tls(client.socket);
            try (Client upgraded = new Client(secure)) {
                assertThat(upgraded.send("after")).isEqualTo("echo after");
            }
            assertThat(threads).hasSize(2);
        }
    }

    @Test
    void implicitTlsGreetsOnlyAfterTheHandshakeAndRefusesOldVersions() throws Exception {
        try (Listener listener = listen(spec(0, true, List.of(), 10, Duration.ofMinutes(1)))) {
            try (Client client = new Client(tls(new Socket("127.0.0.1", port(listener))))) {
                assertThat(client.in.readLine()).isEqualTo("hello trusted=true");
                assertThat(client.send("TLS?")).isEqualTo("TLSv1.3");
            }
            try (Client client = new Client(tls(new Socket("127.0.0.1", port(listener)), "TLSv1.2"))) {
                assertThat(client.in.readLine()).startsWith("hello");
                assertThat(client.send("TLS?")).isEqualTo("TLSv1.2");
            }
            assertThatThrownBy(() -> tls(new Socket("127.0.0.1", port(listener)), "TLSv1.1"))
                    .isInstanceOfAny(SSLHandshakeException.class, IOException.class);
        }
    }

    @Test
    void deniedClientIsDisconnectedBeforeAnyGreeting() throws Exception {
        try (Listener listener = listen(spec(0, false, List.of("127.0.0.0/8"), 10, Duration.ofMinutes(1)));
                Client client = Client.plain(port(listener))) {
            assertThat(client.in.read()).isEqualTo(-1);
        }
    }

    @Test
    void limitsConnectionsPerClientAndLiftsTheLimitWhenOneCloses() throws Exception {
        try (Listener listener = listen(spec(0, false, List.of(), 1, Duration.ofMinutes(1)))) {
            Client first = Client.plain(port(listener));
            assertThat(first.in.readLine()).startsWith("hello");
            try (Client second = Client.plain(port(listener))) {
                assertThat(second.in.read()).isEqualTo(-1);
            }
            first.close();
            assertThat(closed.await(5, TimeUnit.SECONDS)).isTrue();
            try (Client third = Client.plain(port(listener))) {
                assertThat(third.in.readLine()).startsWith("hello");
            }
        }
    }

    @Test
    void rebindsToANewPortWhileOpenSessionsCarryOn() throws Exception {
        try (Listener listener = listen(spec(0)); Client old = Client.plain(port(listener))) {
            old.in.readLine();
            int oldPort = port(listener);
            int newPort = freePort();
            listener.update(spec(newPort));
            assertThat(port(listener)).isEqualTo(newPort);
            assertThat(old.send("still")).isEqualTo("echo still");
            try (Client fresh = Client.plain(newPort)) {
                assertThat(fresh.in.readLine()).startsWith("hello");
            }
            assertThatThrownBy(() -> new Socket("127.0.0.1", oldPort).close()).isInstanceOf(IOException.class);
        }
    }

    @Test
    void aPortInUseLeavesThatListenerUnboundAndTheOthersRunning() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"));
                Listener blocked = listen(spec(taken.getLocalPort()));
                Listener other = listen(spec(0))) {
            assertThat(blocked.boundAddress()).isEmpty();
            try (Client client = Client.plain(port(other))) {
                assertThat(client.in.readLine()).startsWith("hello");
            }
        }
    }

    @Test
    void closesIdleConnections() throws Exception {
        try (Listener listener = listen(spec(0, false, List.of(), 10, Duration.ofSeconds(1)));
                Client client = Client.plain(port(listener))) {
            client.in.readLine();
            assertThat(idled.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(client.in.read()).isEqualTo(-1);
        }
    }

    @Test
    void closingTheListenerClosesItsConnections() throws Exception {
        Listener listener = listen(spec(0));
        try (Client client = Client.plain(port(listener))) {
            client.in.readLine();
            listener.close();
            assertThat(client.in.read()).isEqualTo(-1);
            assertThat(closed.await(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void throttlesLoginsAfterRepeatedFailuresFromOneAddress() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        List<Boolean> allowed = new CopyOnWriteArrayList<>();
        try (Listener listener = net.listen(spec(0), connection -> data -> {
            for (int i = 0; i < 3; i++) {
                allowed.add(connection.mayAttemptLogin());
                connection.loginAttempted("test", "bart\r\nforged", false);
            }
            allowed.add(connection.mayAttemptLogin());
            done.countDown();
        }); Client client = Client.plain(port(listener))) {
            client.out.write('x');
            client.out.flush();
            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(allowed).containsExactly(true, true, true, false);
        }
    }

    @Test
    void keepsReadingALargeUploadWhileTheHandlerAnswersEveryChunk() throws Exception {
        long total = 64L * 1024 * 1024;
        java.util.concurrent.atomic.AtomicLong received = new java.util.concurrent.atomic.AtomicLong();
        CountDownLatch all = new CountDownLatch(1);
        try (Listener listener = net.listen(spec(0), connection -> data -> {
            // a reply per chunk makes the I/O thread flush while reading is resumed: the race ReadGate avoids
            connection.write(new byte[] {'.'});
            if (received.addAndGet(data.length) == total) {
                all.countDown();
            }
        }); Socket socket = new Socket("127.0.0.1", port(listener))) {
            Thread drain = new Thread(() -> {
                try {
                    socket.getInputStream().transferTo(OutputStream.nullOutputStream());
                } catch (IOException e) {
                    // the socket closes at the end of the test
                }
            });
            drain.start();
            byte[] block = new byte[64 * 1024];
            OutputStream out = socket.getOutputStream();
            for (long sent = 0; sent < total; sent += block.length) {
                out.write(block);
            }
            out.flush();
            assertThat(all.await(60, TimeUnit.SECONDS)).as("received %d of %d", received.get(), total).isTrue();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }
}
