package org.iems.testsupport;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports for the servers the tests configure. They are taken below the system's
 * ephemeral range (Linux: {@code /proc/sys/net/ipv4/ip_local_port_range}): a port chosen there
 * (port 0) is free now but may be handed out again before the server binds it, and was, to
 * Karaf's own random shutdown port, so the MX listener could not bind and the test's SMTP client
 * spoke to Karaf's shutdown socket.
 */
public final class Ports {

    private static final int LOWEST = 20_000;
    private static final int EPHEMERAL_START = ephemeralStart();

    private Ports() {
    }

    /** A port free for both TCP and UDP (DNS needs both), below the ephemeral range. */
    public static int free() {
        for (int i = 0; i < 1_000; i++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, EPHEMERAL_START);
            if (bindable(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port from " + LOWEST + " to " + EPHEMERAL_START);
    }

    private static boolean bindable(int port) {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket tcp = new ServerSocket(port, 1, loopback); DatagramSocket udp = new DatagramSocket(port, loopback)) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private static int ephemeralStart() {
        try {
            int start = Integer.parseInt(Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).strip()
                    .split("\\s+")[0]);
            return start > LOWEST + 1_000 ? start : 32_768;
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }
}
