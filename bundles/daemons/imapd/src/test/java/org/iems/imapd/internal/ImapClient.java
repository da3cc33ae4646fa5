package org.iems.imapd.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.iems.testsupport.LineClient;

/** A raw IMAP client for exact conversations (the real client programs are in RealClientsTest). */
final class ImapClient extends LineClient {

    private int tags;

    ImapClient(int port) throws IOException {
        super(port);
    }

    /** Sends a command with a fresh tag and returns every line up to and including the tagged one. */
    List<String> command(String command) throws IOException {
        String tag = "a" + (++tags);
        write(tag + " " + command + "\r\n");
        return until(tag);
    }

    /** Reads lines up to and including the one tagged {@code tag}. */
    List<String> until(String tag) throws IOException {
        List<String> lines = new ArrayList<>();
        String line;
        do {
            line = line();
            if (line == null) {
                throw new IOException("connection closed; got " + lines);
            }
            lines.add(line);
        } while (!line.startsWith(tag + " "));
        return lines;
    }

    /** The tagged line of a command. */
    String tagged(String command) throws IOException {
        List<String> lines = command(command);
        return lines.get(lines.size() - 1);
    }

    void login(String user) throws IOException {
        line();
        String reply = tagged("LOGIN " + user + " " + ImapServer.PASSWORD);
        if (!reply.contains("OK")) {
            throw new IOException("login failed: " + reply);
        }
    }
}
