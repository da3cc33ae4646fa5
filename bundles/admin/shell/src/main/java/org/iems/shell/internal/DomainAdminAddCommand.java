package org.iems.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code iems:domain-admin-add}. */
@Service
@Command(scope = "iems", name = "domain-admin-add", description = "Lets an account administer a domain.")
public class DomainAdminAddCommand extends DomainAdminCommand {

    @Override
    protected void run() {
        directory.addDomainAdmin(Args.address(account), Args.domain(domain));
        out().println(Args.address(account) + " now administers " + Args.domain(domain));
    }
}
