package org.iems.smtpc.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.iems.testsupport.Ports;
import org.iems.testsupport.Processes;

/**
 * The scriptable SMTP server of src/test/python/scripted_peer.py (aiosmtpd), on a free loopback
 * port: what it does depends on the recipients' local parts and the options it was started with.
 */
final class ScriptedPeer implements AutoCloseable {

    /** One message the peer accepted: its envelope as JSON and its bytes. */
    record Received(String envelope, byte[] data) {

        String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    private final Process process;
    private final Path out;
    final int port;

    private ScriptedPeer(Process process, Path out, int port) {
        this.process = process;
        this.out = out;
        this.port = port;
    }

    static ScriptedPeer start(Path dir, String... options) throws IOException, InterruptedException {
        int port = Ports.free();
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", "src/test/python/scripted_peer.py",
                "--port", String.valueOf(port), "--out", dir.toString()));
        command.addAll(List.of(options));
        Files.createDirectories(dir);
        Process process = Processes.startAndAwait(command, dir.resolve("peer.log"), "READY");
        return new ScriptedPeer(process, dir, port);
    }

    /** The messages accepted so far, in order. */
    List<Received> messages() throws IOException {
        List<Received> received = new ArrayList<>();
        for (int n = 1; Files.exists(out.resolve(n + ".json")); n++) {
            received.add(new Received(Files.readString(out.resolve(n + ".json")), Files.readAllBytes(out.resolve(n + ".eml"))));
        }
        return received;
    }

    /** How many connections the peer has taken. */
    int connections() throws IOException {
        Path file = out.resolve("connections");
        return Files.exists(file) ? Files.readAllLines(file).size() : 0;
    }

    @Override
    public void close() {
        process.destroy();
    }
}
