package org.iems.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code iems:domain-remove}. */
@Service
@Command(scope = "iems", name = "domain-remove", description = "Stops hosting a domain.")
public class DomainRemoveCommand extends DirectoryCommand {

    @Argument(index = 0, name = "domain", required = true, description = "The hosted domain")
    @Completion(DomainCompleter.class)
    String domain;

    @Option(name = "--force", description = "Also remove the domain's accounts, aliases and domain aliases")
    boolean force;

    @Override
    protected void run() {
        directory.removeDomain(Args.domain(domain), force);
        out().println("Domain removed: " + Args.domain(domain));
    }
}
