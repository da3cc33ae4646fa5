package org.iems.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code iems:domain-admin-remove}. */
@Service
@Command(scope = "iems", name = "domain-admin-remove", description = "Withdraws an account's right to administer a domain.")
public class DomainAdminRemoveCommand extends DomainAdminCommand {

    @Override
    protected void run() {
        directory.removeDomainAdmin(Args.address(account), Args.domain(domain));
        out().println(Args.address(account) + " no longer administers " + Args.domain(domain));
    }
}
