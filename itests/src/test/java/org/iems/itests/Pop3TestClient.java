package org.iems.itests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A plain POP3 client from loopback (a trusted network, so USER/PASS work without TLS). */
final class Pop3TestClient implements AutoCloseable {

    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    Pop3TestClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(30_000);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out = socket.getOutputStream();
        expectOk(in.readLine());
    }

    String send(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        String reply = in.readLine();
        if (reply == null) {
            throw new IOException("connection closed after " + line.split(" ")[0]);
        }
        return reply;
    }

    private static String expectOk(String reply) throws IOException {
        if (reply == null || !reply.startsWith("+OK")) {
            throw new IOException("expected +OK but got: " + reply);
        }
        return reply;
    }

    void login(String user, String password) throws IOException {
        expectOk(send("USER " + user));
        expectOk(send("PASS " + password));
    }

    /** RETR: the message as sent, dot-stuffing undone, lines joined with CRLF. */
    String retrieve(int number) throws IOException {
        expectOk(send("RETR " + number));
        StringBuilder text = new StringBuilder();
        String line;
        while (!".".equals(line = in.readLine())) {
            if (line == null) {
                throw new IOException("connection closed inside RETR");
            }
            text.append(line.startsWith(".") ? line.substring(1) : line).append("\r\n");
        }
        return text.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
