package org.iems.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code iems:domain-add}. */
@Service
@Command(scope = "iems", name = "domain-add", description = "Hosts a domain: mail to it is delivered locally.")
public class DomainAddCommand extends DirectoryCommand {

    @Argument(index = 0, name = "domain", required = true, description = "The domain name (Unicode names allowed)")
    String domain;

    @Override
    protected void run() {
        out().println("Domain added: " + directory.addDomain(Args.domain(domain)).name());
    }
}
