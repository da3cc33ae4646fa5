package org.iems.pop3d.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.iems.testsupport.LineClient;

/** A raw POP3 client for exact conversations (the real client programs are in RealClientsTest). */
final class Pop3Client extends LineClient {

    Pop3Client(int port) throws IOException {
        super(port);
    }

    private Pop3Client(int port, boolean implicitTls) throws Exception {
        super(port, implicitTls);
    }

    static Pop3Client implicitTls(int port) throws Exception {
        return new Pop3Client(port, true);
    }

    /** The lines of a multi-line body up to the terminating ".", as sent (still dot-stuffed). */
    List<String> body() throws IOException {
        List<String> lines = new ArrayList<>();
        String line;
        while (!".".equals(line = line())) {
            if (line == null) {
                throw new IOException("connection closed inside a multi-line response");
            }
            lines.add(line);
        }
        return lines;
    }

    String send(String line) throws IOException {
        write(line + "\r\n");
        return line();
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
}
