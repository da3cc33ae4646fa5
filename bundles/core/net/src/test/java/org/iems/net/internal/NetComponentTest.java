package org.iems.net.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
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
import org.iems.testsupport.FailedHandshakes;
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
        net = new NetComponent(config(Map.of()), Map.of());
    }

    @AfterEach
    void stop() {
        net.deactivate();
    }

    private NetConfiguration config(Map<String, Object> overrides) {
        Map<String, Object> values = new java.util.HashMap<>(Map.of("tls.keystore", etc.resolve("tls.p12").toString(),
                "tls.certificate.name", "mail.example.test", "auth.free.failures", 3, "auth.max.delay.seconds", 2));
        values.putAll(overrides);
        return Configs.of(NetConfiguration.class, values);
    }

    private static ListenerSpec spec(int port, boolean tls, List<String> deny, int perClient, Duration idle) {
        return new ListenerSpec("test", "127.0.0.1", port, tls, List.of(), deny, List.of("127.0.0.0/8"), perClient, idle,
                idle);
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

        static Client from(String localAddress, int port) throws IOException {
            Socket socket = new Socket();
            socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port));
            return new Client(socket);
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
    void failedHandshakesOfEveryKindGiveBackTheirConnectionSlots() throws Exception {
        try (Listener listener = listen(spec(0, true, List.of(), 5, Duration.ofMinutes(1)))) {
            int port = port(listener);
            for (FailedHandshakes kind : FailedHandshakes.values()) {
                for (int i = 0; i < 40; i++) {
                    kind.run(InetAddress.getByName("127.0.3." + (1 + i % 4)), port);
                }
            }
            awaitNoOpenConnections(listener);
            for (int i = 1; i <= 4; i++) {
                Socket from = new Socket();
                from.bind(new InetSocketAddress(InetAddress.getByName("127.0.3." + i), 0));
                from.connect(new InetSocketAddress("127.0.0.1", port));
                try (Client client = new Client(tls(from))) {
                    assertThat(client.in.readLine()).startsWith("hello");
                }
            }
        }
    }

    @Test
    void failedStartTlsHandshakesGiveBackTheirConnectionSlots() throws Exception {
        try (Listener listener = listen(spec(0, false, List.of(), 2, Duration.ofMinutes(1)))) {
            for (int i = 0; i < 20; i++) {
                Client client = Client.plain(port(listener));
                client.in.readLine();
                assertThat(client.send("STARTTLS")).isEqualTo("go");
                client.out.write("not a handshake\r\n".getBytes(StandardCharsets.US_ASCII));
                client.out.flush();
                assertThat(client.in.read()).isEqualTo(-1);
                client.close();
            }
            awaitNoOpenConnections(listener);
            try (Client client = Client.plain(port(listener))) {
                assertThat(client.in.readLine()).startsWith("hello");
            }
        }
    }

    /**
     * Waits until no connection is open and none has come for half a second: connections the
     * kernel accepted before the acceptor took them may still arrive just after the counts first
     * read zero.
     */
    private void awaitNoOpenConnections(Listener listener) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        long quietSince = System.currentTimeMillis();
        while (System.currentTimeMillis() < deadline && System.currentTimeMillis() - quietSince < 500) {
            if (net.openConnections().size() > 0 || listener.openConnections() > 0) {
                quietSince = System.currentTimeMillis();
            }
            Thread.sleep(20);
        }
        assertThat(net.openConnections().size()).as("connection slots still taken").isZero();
        assertThat(listener.openConnections()).as("sessions still open").isZero();
    }

    @Test
    void aHandlerThatFailsEvenWithAnErrorClosesOnlyItsOwnConnection() throws Exception {
        try (Listener listener = net.listen(spec(0), connection -> data -> {
            if (data[0] == '!') {
                throw new StackOverflowError("deep");
            }
            connection.write(data);
        })) {
            try (Client failing = Client.plain(port(listener))) {
                failing.out.write("!\r\n".getBytes(StandardCharsets.US_ASCII));
                failing.out.flush();
                assertThat(failing.in.read()).isEqualTo(-1);
            }
            try (Client next = Client.plain(port(listener))) {
                assertThat(next.send("fine")).isEqualTo("fine");
            }
            awaitNoOpenConnections(listener);
        }
    }

    /** Renegotiates, then sends a line: refused when the handshake fails or the server closes. */
    private static boolean renegotiationRefused(SSLSocket socket, Client client) throws IOException {
        try {
            socket.startHandshake();
            return client.send("after") == null;
        } catch (java.net.SocketTimeoutException e) {
            throw new AssertionError("the server neither answered nor closed", e);
        } catch (IOException closedOrAlert) {
            return true;
        }
    }

    @Test
    void aClientThatRenegotiatesIsDisconnected() throws Exception {
        try (Listener listener = listen(spec(0, true, List.of(), 10, Duration.ofMinutes(1)))) {
            for (int i = 0; i < 10; i++) {
                SSLSocket socket = tls(new Socket("127.0.0.1", port(listener)), "TLSv1.2");
                try (Client client = new Client(socket)) {
                    assertThat(client.in.readLine()).startsWith("hello");
                    assertThat(client.send("before")).isEqualTo("echo before");
                    assertThat(renegotiationRefused(socket, client)).isTrue();
                }
            }
            awaitNoOpenConnections(listener);
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

    /** Answers each line "fail NAME", "ok NAME" or "try NAME" as a login would, and reports the attempt. */
    private Listener loginListener(int port, List<String> trusted) {
        ListenerSpec spec = new ListenerSpec("test", "127.0.0.1", port, false, List.of(), List.of(), trusted, 10,
                Duration.ofMinutes(1), Duration.ofMinutes(1));
        return net.listen(spec, connection -> data -> {
            for (String line : new String(data, StandardCharsets.US_ASCII).split("\r\n")) {
                String[] words = line.split(" ");
                connection.beforeLogin(words[1]);
                if (!words[0].equals("try")) {
                    connection.loginAttempted("test", words[1], words[0].equals("ok"));
                }
                connection.write((line + " answered\r\n").getBytes(StandardCharsets.US_ASCII));
            }
        });
    }

    private static long millisToAnswer(Client client, String line) throws IOException {
        long start = System.nanoTime();
        assertThat(client.send(line)).isEqualTo(line + " answered");
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    @Test
    void delaysLoginRepliesAfterRepeatedFailuresInsteadOfRefusing() throws Exception {
        try (Listener listener = loginListener(0, List.of()); Client client = Client.plain(port(listener))) {
            for (int i = 0; i < 3; i++) {
                assertThat(millisToAnswer(client, "fail bart")).isLessThan(900);
            }
            assertThat(millisToAnswer(client, "ok bart")).as("the right password, answered late").isGreaterThanOrEqualTo(900);
        }
    }

    @Test
    void aSuccessfulLoginToAnotherAccountDoesNotClearTheClientsFailures() throws Exception {
        try (Listener listener = loginListener(0, List.of()); Client client = Client.plain(port(listener))) {
            for (int i = 0; i < 3; i++) {
                millisToAnswer(client, "fail lisa");
            }
            millisToAnswer(client, "ok attacker");
            assertThat(millisToAnswer(client, "try maggie")).isGreaterThanOrEqualTo(900);
        }
    }

    @Test
    void aConfigurationChangeElsewhereKeepsTheFailureCounts() throws Exception {
        try (Listener listener = loginListener(0, List.of()); Client client = Client.plain(port(listener))) {
            for (int i = 0; i < 3; i++) {
                millisToAnswer(client, "fail homer");
            }
            net.modified(config(Map.of("max.connections", 1999)), Map.of("max.connections", 1999));
            assertThat(millisToAnswer(client, "try homer")).isGreaterThanOrEqualTo(900);
            net.modified(config(Map.of("auth.free.failures", 10)), Map.of("auth.free.failures", 10));
            assertThat(millisToAnswer(client, "try homer")).as("a new policy counts afresh").isLessThan(900);
        }
    }

    @Test
    void failuresForOneAccountDelayItsLoginsFromEveryAddress() throws Exception {
        try (Listener listener = loginListener(0, List.of())) {
            for (int i = 1; i <= 3; i++) {
                try (Client client = Client.from("127.0.4." + i, port(listener))) {
                    millisToAnswer(client, "fail marge");
                }
            }
            try (Client client = Client.from("127.0.4.9", port(listener))) {
                assertThat(millisToAnswer(client, "try maggie")).isLessThan(900);
                assertThat(millisToAnswer(client, "try marge")).isGreaterThanOrEqualTo(900);
            }
        }
    }

    @Test
    void aDelayedReplyHoldsNoWorkerThread() throws Exception {
        net.modified(config(Map.of("worker.threads", 1)), Map.of("worker.threads", 1));
        try (Listener listener = loginListener(0, List.of()); Client slow = Client.from("127.0.5.1", port(listener));
                Client other = Client.from("127.0.5.2", port(listener))) {
            for (int i = 0; i < 3; i++) {
                millisToAnswer(slow, "fail homer");
            }
            slow.out.write("try abe\r\n".getBytes(StandardCharsets.US_ASCII));
            slow.out.flush();
            Thread.sleep(100);
            assertThat(millisToAnswer(other, "try bart")).as("one worker, and it is free").isLessThan(500);
            assertThat(slow.in.readLine()).isEqualTo("try abe answered");
        }
    }

    @Test
    void tarpitDelaysRepliesAcrossConnectionsOfOneClient() throws Exception {
        net.modified(config(Map.of("tarpit.free.per.connection", 2, "tarpit.free.per.client", 4,
                "tarpit.max.delay.seconds", 2)), Map.of("tarpit.free.per.connection", 2, "tarpit.free.per.client", 4,
                "tarpit.max.delay.seconds", 2));
        try (Listener listener = net.listen(spec(0), connection -> data -> {
            connection.tarpit();
            connection.write(data);
        })) {
            try (Client first = Client.from("127.0.6.1", port(listener))) {
                assertThat(millisToEcho(first)).isLessThan(900);
                assertThat(millisToEcho(first)).isLessThan(900);
                assertThat(millisToEcho(first)).as("third error on one connection").isGreaterThanOrEqualTo(900);
                assertThat(millisToEcho(first)).as("fourth error on one connection").isGreaterThanOrEqualTo(1900);
            }
            try (Client second = Client.from("127.0.6.1", port(listener))) {
                assertThat(millisToEcho(second)).as("the client's fifth error, on a new connection")
                        .isGreaterThanOrEqualTo(900);
            }
            try (Client stranger = Client.from("127.0.6.2", port(listener))) {
                assertThat(millisToEcho(stranger)).isLessThan(900);
            }
        }
    }

    @Test
    void atTheLimitTheLongestSilentStrangerMakesRoomButNeverALoggedInOrTrustedClient() throws Exception {
        net.modified(config(Map.of("max.connections", 3)), Map.of("max.connections", 3));
        try (Listener listener = loginListener(0, List.of("127.0.0.1"));
                Client loggedIn = Client.from("127.0.8.1", port(listener));
                Client oldStranger = Client.from("127.0.8.2", port(listener))) {
            millisToAnswer(loggedIn, "ok carl");
            Thread.sleep(50);
            try (Client newStranger = Client.from("127.0.8.3", port(listener))) {
                millisToAnswer(newStranger, "try dan");
                try (Client trusted = Client.from("127.0.0.1", port(listener))) {
                    assertThat(millisToAnswer(trusted, "try root")).isLessThan(900);
                    assertThat(oldStranger.in.read()).as("shed").isEqualTo(-1);
                    assertThat(millisToAnswer(loggedIn, "try carl")).isLessThan(900);
                    try (Client another = Client.from("127.0.8.4", port(listener))) {
                        assertThat(millisToAnswer(another, "try eve")).isLessThan(900);
                        assertThat(newStranger.in.read()).as("shed").isEqualTo(-1);
                    }
                }
            }
        }
    }

    @Test
    void aStrangerWhoDoesNotLogInIsClosedSoonerThanALoggedInClient() throws Exception {
        ListenerSpec spec = new ListenerSpec("test", "127.0.0.1", 0, false, List.of(), List.of(), List.of(), 10,
                Duration.ofMinutes(1), Duration.ofSeconds(1));
        try (Listener listener = net.listen(spec, connection -> data -> connection.loginAttempted("test", "bart", true));
                Client stranger = Client.plain(port(listener)); Client user = Client.plain(port(listener))) {
            user.out.write('x');
            user.out.flush();
            long start = System.nanoTime();
            assertThat(stranger.in.read()).isEqualTo(-1);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
            user.socket.setSoTimeout(1_500);
            assertThatThrownBy(() -> user.in.read()).as("still open after the short timeout")
                    .isInstanceOf(java.net.SocketTimeoutException.class);
        }
    }

    private static long millisToEcho(Client client) throws IOException {
        long start = System.nanoTime();
        assertThat(client.send("RCPT TO:<nobody@example.test>")).isEqualTo("RCPT TO:<nobody@example.test>");
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
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
