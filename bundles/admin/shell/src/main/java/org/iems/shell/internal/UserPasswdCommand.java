package org.iems.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

/** {@code iems:user-passwd}. */
@Service
@Command(scope = "iems", name = "user-passwd", description = "Sets an account's password.")
public class UserPasswdCommand extends DirectoryCommand {

    @Argument(index = 0, name = "address", required = true, description = "The account's address")
    @Completion(AccountCompleter.class)
    String address;

    @Option(name = "--password-file", description = "Read the password from the first line of this file instead of"
            + " asking for it (masked, twice); a password is never given on the command line, which the log and the"
            + " shell history keep")
    String passwordFile;

    @Reference
    Session session;

    @Override
    protected void run() throws Exception {
        directory.setPassword(Args.address(address), PasswordInput.fromFileOrPrompt(passwordFile, session));
        out().println("Password changed: " + Args.address(address));
    }
}
