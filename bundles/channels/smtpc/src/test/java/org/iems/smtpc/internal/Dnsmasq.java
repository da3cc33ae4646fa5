package org.iems.smtpc.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.iems.testsupport.Ports;
import org.iems.testsupport.Processes;

/**
 * A real DNS server (Debian's dnsmasq) on a free loopback port, authoritative for {@code .test}:
 * names it was not given records for do not exist (NXDOMAIN).
 */
final class Dnsmasq implements AutoCloseable {

    private final Process process;
    final int port;

    private Dnsmasq(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts the server.
     *
     * @param records dnsmasq options that make records: {@code --mx-host=…}, {@code --host-record=…},
     *        {@code --dns-rr=…}
     */
    static Dnsmasq start(String... records) throws IOException, InterruptedException {
        int port = Ports.free();
        List<String> command = new ArrayList<>(List.of("/usr/sbin/dnsmasq", "--no-daemon", "--port=" + port,
                "--listen-address=127.0.0.1", "--bind-interfaces", "--no-resolv", "--no-hosts", "--local=/test/",
                "--user=root", "--pid-file", "--log-facility=-"));
        command.addAll(List.of(records));
        Path log = Files.createTempFile("dnsmasq", ".log");
        Process process = Processes.startAndAwait(command, log, "using only locally-known addresses");
        return new Dnsmasq(process, port);
    }

    /** The server as the channel's dns.servers property gives it. */
    String server() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.destroy();
    }
}
