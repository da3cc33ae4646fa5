package org.iems.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;

/** Base of {@code iems:user-enable} and {@code iems:user-disable}. */
public abstract class AccountStateCommand extends DirectoryCommand {

    @Argument(index = 0, name = "address", required = true, description = "The account's address")
    @Completion(AccountCompleter.class)
    String address;

    /** The state the command sets. */
    protected abstract boolean enabled();

    @Override
    protected void run() {
        directory.setEnabled(Args.address(address), enabled());
        out().println("Account " + (enabled() ? "enabled" : "disabled") + ": " + Args.address(address));
    }
}
