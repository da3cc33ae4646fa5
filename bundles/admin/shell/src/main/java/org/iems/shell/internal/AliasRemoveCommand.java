package org.iems.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code iems:alias-remove}. */
@Service
@Command(scope = "iems", name = "alias-remove", description = "Removes an address alias.")
public class AliasRemoveCommand extends DirectoryCommand {

    @Argument(index = 0, name = "alias", required = true, description = "The alias address")
    String alias;

    @Override
    protected void run() {
        directory.removeAlias(Args.address(alias));
        out().println("Alias removed: " + Args.address(alias));
    }
}
