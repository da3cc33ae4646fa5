package org.iems.smtpd.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.iems.testsupport.TrustingTls;

/** A raw SMTP client for exact byte-level conversations (the real client programs are elsewhere). */
final class SmtpClient implements AutoCloseable {

    private Socket socket;
    private BufferedReader in;
    private OutputStream out;

    SmtpClient(int port) throws IOException {
        attach(new Socket("127.0.0.1", port));
    }

    private void attach(Socket s) throws IOException {
        socket = s;
        socket.setSoTimeout(15_000);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out = socket.getOutputStream();
    }

    /** Reads one whole reply (all its lines), joined with newlines. */
    String reply() throws IOException {
        List<String> lines = new ArrayList<>();
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                return lines.isEmpty() ? null : String.join("\n", lines);
            }
            lines.add(line);
        } while (line.length() > 3 && line.charAt(3) == '-');
        return String.join("\n", lines);
    }

    void write(String text) throws IOException {
        write(text.getBytes(StandardCharsets.UTF_8));
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    String send(String line) throws IOException {
        write(line + "\r\n");
        return reply();
    }

    /** Whether the server closed the connection. */
    boolean closedByServer() throws IOException {
        return in.read() == -1;
    }

    void startTls() throws Exception {
        SSLContext context = TrustingTls.context();
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, "127.0.0.1", socket.getPort(), true);
        tls.startHandshake();
        attach(tls);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
