package org.iems.smtpd.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.iems.testsupport.LineClient;

/** A raw SMTP client for exact byte-level conversations (the real client programs are elsewhere). */
final class SmtpClient extends LineClient {

    SmtpClient(int port) throws IOException {
        super(port);
    }

    /** Reads one whole reply (all its lines), joined with newlines. */
    String reply() throws IOException {
        List<String> lines = new ArrayList<>();
        String line;
        do {
            line = line();
            if (line == null) {
                return lines.isEmpty() ? null : String.join("\n", lines);
            }
            lines.add(line);
        } while (line.length() > 3 && line.charAt(3) == '-');
        return String.join("\n", lines);
    }

    String send(String line) throws IOException {
        write(line + "\r\n");
        return reply();
    }
}
