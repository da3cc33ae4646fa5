package org.iems.pop3d.internal;

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

/** A raw POP3 client for exact conversations (the real client programs are in RealClientsTest). */
final class Pop3Client implements AutoCloseable {

    private Socket socket;
    private BufferedReader in;
    private OutputStream out;

    Pop3Client(int port) throws IOException {
        attach(new Socket("127.0.0.1", port));
    }

    static Pop3Client implicitTls(int port) throws Exception {
        SSLSocket s = (SSLSocket) TrustingTls.context().getSocketFactory().createSocket("127.0.0.1", port);
        s.startHandshake();
        Pop3Client client = new Pop3Client();
        client.attach(s);
        return client;
    }

    private Pop3Client() {
    }

    private void attach(Socket s) throws IOException {
        socket = s;
        socket.setSoTimeout(15_000);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out = socket.getOutputStream();
    }

    /** One status line. */
    String line() throws IOException {
        return in.readLine();
    }

    /** The lines of a multi-line body up to the terminating ".", as sent (still dot-stuffed). */
    List<String> body() throws IOException {
        List<String> lines = new ArrayList<>();
        String line;
        while (!".".equals(line = in.readLine())) {
            if (line == null) {
                throw new IOException("connection closed inside a multi-line response");
            }
            lines.add(line);
        }
        return lines;
    }

    void write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    String send(String line) throws IOException {
        write(line + "\r\n");
        return line();
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

    /** Logs in over STLS with USER/PASS. */
    void login(String user) throws Exception {
        line();
        send("STLS");
        startTls();
        send("USER " + user);
        String reply = send("PASS " + Pop3Server.PASSWORD);
        if (!reply.startsWith("+OK")) {
            throw new IOException("login failed: " + reply);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
