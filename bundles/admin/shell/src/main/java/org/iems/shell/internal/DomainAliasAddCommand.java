package org.iems.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code iems:domain-alias-add}. */
@Service
@Command(scope = "iems", name = "domain-alias-add", description = "Adds a one-way domain alias: mail to"
        + " user@alias reaches user@target, unless user@alias exists itself.")
public class DomainAliasAddCommand extends DirectoryCommand {

    @Argument(index = 0, name = "alias", required = true, description = "The alias domain name")
    String alias;

    @Argument(index = 1, name = "target", required = true, description = "The hosted domain it points to")
    @Completion(DomainCompleter.class)
    String target;

    @Override
    protected void run() {
        var added = directory.addDomainAlias(Args.domain(alias), Args.domain(target));
        out().println("Domain alias added: " + added.alias() + " -> " + added.target());
    }
}
