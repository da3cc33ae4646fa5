package org.iems.shell.internal;

import java.io.IOException;
import org.apache.karaf.shell.api.console.Session;

/** Reads a password at the console, masked, when the operator did not give one on the line. */
final class PasswordInput {

    private PasswordInput() {
    }

    static String passwordOrPrompt(String given, Session session) throws IOException {
        if (given != null) {
            return given;
        }
        String first = session.readLine("Password: ", '*');
        String again = session.readLine("Password again: ", '*');
        if (first == null || !first.equals(again)) {
            throw new CommandException("the passwords do not match");
        }
        return first;
    }
}
