package org.iems.shell.internal;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.karaf.shell.api.console.Session;
import org.iems.api.storage.PrivateFiles;

/**
 * Reads a new password from a file or, without one, at the console, masked and twice. A password
 * is never an argument on the command line: Karaf names the command's thread after the line,
 * and the line goes into the shell history and the log.
 */
final class PasswordInput {

    private PasswordInput() {
    }

    /**
     * @param file the {@code --password-file} given, or {@code null} to prompt
     * @param session the console to prompt on
     * @return the password
     */
    static String fromFileOrPrompt(String file, Session session) throws IOException {
        if (file != null) {
            try {
                return PrivateFiles.readSecret(Path.of(file));
            } catch (IOException e) {
                throw new CommandException("cannot read a password from " + file + ": " + e.getMessage());
            }
        }
        String first = session.readLine("Password: ", '*');
        String again = session.readLine("Password again: ", '*');
        if (first == null || !first.equals(again)) {
            throw new CommandException("the passwords do not match");
        }
        return first;
    }
}
