package org.iems.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code iems:domain-alias-remove}. */
@Service
@Command(scope = "iems", name = "domain-alias-remove", description = "Removes a domain alias.")
public class DomainAliasRemoveCommand extends DirectoryCommand {

    @Argument(index = 0, name = "alias", required = true, description = "The alias domain name")
    String alias;

    @Override
    protected void run() {
        directory.removeDomainAlias(Args.domain(alias));
        out().println("Domain alias removed: " + Args.domain(alias));
    }
}
