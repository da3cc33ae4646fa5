package org.iems.itests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A plain IMAP client from loopback (a trusted network, so LOGIN works without TLS). */
final class ImapTestClient implements AutoCloseable {

    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;
    private int tags;

    ImapTestClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(30_000);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
        out = socket.getOutputStream();
        String greeting = in.readLine();
        if (greeting == null || !greeting.startsWith("* OK")) {
            throw new IOException("expected a greeting but got: " + greeting);
        }
    }

    /** Sends a command; returns the lines up to and including the tagged one. */
    List<String> command(String command) throws IOException {
        String tag = "t" + (++tags);
        send(tag + " " + command);
        List<String> lines = new ArrayList<>();
        String line;
        do {
            line = line();
            lines.add(line);
        } while (!line.startsWith(tag + " "));
        return lines;
    }

    void send(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    String line() throws IOException {
        String line = in.readLine();
        if (line == null) {
            throw new IOException("connection closed");
        }
        return line;
    }

    /** Whether the server closed the connection (after any lines it still sends). */
    boolean closedByServer() throws IOException {
        String line;
        do {
            line = in.readLine();
        } while (line != null && line.startsWith("* "));
        return line == null;
    }

    void login(String user, String password) throws IOException {
        List<String> reply = command("LOGIN " + user + " " + password);
        if (!reply.get(reply.size() - 1).contains(" OK ")) {
            throw new IOException("login failed: " + reply);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
