package org.iems.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.iems.api.directory.Account;
import org.iems.api.store.MailboxUsage;
import org.iems.api.store.MessageStore;

/** {@code iems:user-show}. */
@Service
@Command(scope = "iems", name = "user-show", description = "Shows one account.")
public class UserShowCommand extends DirectoryCommand {

    @Argument(index = 0, name = "address", required = true, description = "The account's address")
    @Completion(AccountCompleter.class)
    String address;

    @Reference(optional = true)
    MessageStore store;

    @Override
    protected void run() throws Exception {
        Account a = directory.findAccount(Args.address(address))
                .orElseThrow(() -> new CommandException("no account " + Args.address(address)));
        out().println("Address:       " + a.address());
        out().println("Name:          " + a.displayName());
        out().println("Quota:         " + (a.quotaBytes() == 0 ? "unlimited" : a.quotaBytes() + " bytes") + ", "
                + (a.quotaMessages() == 0 ? "unlimited" : a.quotaMessages() + " messages"));
        out().println("Enabled:       " + (a.enabled() ? "yes" : "no"));
        out().println("Created:       " + a.created());
        out().println("Last login:    " + (a.lastLogin() == null ? "never" : a.lastLogin()));
        out().println("Failed logins: " + a.failedLogins());
        if (store != null) {
            MailboxUsage usage = store.usage(a.address());
            out().println("Messages:      " + usage.messages());
            out().println("Stored:        " + usage.bytes() + " bytes");
        }
    }
}
