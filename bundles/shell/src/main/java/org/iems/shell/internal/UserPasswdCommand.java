package org.iems.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
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

    @Argument(index = 1, name = "password", description = "The new password; asked for (masked) if not given")
    String password;

    @Reference
    Session session;

    @Override
    protected void run() throws Exception {
        directory.setPassword(Args.address(address), PasswordInput.passwordOrPrompt(password, session));
        out().println("Password changed: " + Args.address(address));
    }
}
