package org.iems.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.iems.api.directory.NewAccount;

/** {@code iems:user-add}. */
@Service
@Command(scope = "iems", name = "user-add", description = "Creates a mail account.")
public class UserAddCommand extends DirectoryCommand {

    @Argument(index = 0, name = "address", required = true, description = "The account's address (its login name)")
    String address;

    @Option(name = "--password-file", description = "Read the password from the first line of this file instead of"
            + " asking for it (masked, twice); a password is never given on the command line, which the log and the"
            + " shell history keep")
    String passwordFile;

    @Option(name = "--name", aliases = "-n", description = "The user's display name")
    String displayName = "";

    @Option(name = "--quota", aliases = "-q", description = "Mailbox quota: bytes or with K/M/G/T; 0 = unlimited;"
            + " default: the directory's default.quota.bytes")
    String quota = "";

    @Reference
    Session session;

    @Override
    protected void run() throws Exception {
        long bytes;
        try {
            bytes = Args.quota(quota);
        } catch (IllegalArgumentException e) {
            throw new CommandException(e.getMessage());
        }
        var account = directory.addAccount(new NewAccount(Args.address(address),
                PasswordInput.fromFileOrPrompt(passwordFile, session), displayName, bytes));
        out().println("Account added: " + account.address());
    }
}
