package org.iems.itests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Sends one message over plain SMTP, the way a remote MTA does, and returns the final reply. */
final class SmtpTestClient implements AutoCloseable {

    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    SmtpTestClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(30_000);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out = socket.getOutputStream();
        expect(reply(), "220");
        expect(send("EHLO client.example"), "250");
    }

    String reply() throws IOException {
        StringBuilder all = new StringBuilder();
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed after: " + all);
            }
            all.append(line).append('\n');
        } while (line.length() > 3 && line.charAt(3) == '-');
        return all.toString().strip();
    }

    String send(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return reply();
    }

    private static void expect(String reply, String code) throws IOException {
        if (!reply.startsWith(code)) {
            throw new IOException("expected " + code + " but got: " + reply);
        }
    }

    /** Sends a message; returns the reply to the end of data (250 with the queue id, or why not). */
    String mail(String from, String to, String message) throws IOException {
        expect(send("MAIL FROM:<" + from + ">"), "250");
        expect(send("RCPT TO:<" + to + ">"), "250");
        expect(send("DATA"), "354");
        String stuffed = message.replace("\r\n.", "\r\n..");
        return send(stuffed + (stuffed.endsWith("\r\n") ? "" : "\r\n") + ".");
    }

    @Override
    public void close() throws IOException {
        try {
            send("QUIT");
        } finally {
            socket.close();
        }
    }
}
