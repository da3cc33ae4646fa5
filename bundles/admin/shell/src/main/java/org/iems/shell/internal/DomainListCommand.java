package org.iems.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.iems.api.directory.Domain;
import org.iems.api.directory.DomainAlias;

/** {@code iems:domain-list}. */
@Service
@Command(scope = "iems", name = "domain-list", description = "Lists hosted domains and domain aliases.")
public class DomainListCommand extends DirectoryCommand {

    @Override
    protected void run() {
        ShellTable table = new ShellTable();
        table.column("Domain");
        table.column("Type");
        table.column("Created / target");
        for (Domain d : directory.listDomains()) {
            table.addRow().addContent(d.name().unicode(), "hosted", d.created().toString());
        }
        for (DomainAlias a : directory.listDomainAliases()) {
            table.addRow().addContent(a.alias().unicode(), "alias", "-> " + a.target().unicode());
        }
        table.print(out());
    }
}
