package org.iems.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.iems.api.directory.DomainAdmin;

/** {@code iems:domain-admin-list}. */
@Service
@Command(scope = "iems", name = "domain-admin-list", description = "Lists domain administrators and their domains.")
public class DomainAdminListCommand extends DirectoryCommand {

    @Override
    protected void run() {
        ShellTable table = new ShellTable();
        table.column("Account");
        table.column("Domains");
        for (DomainAdmin admin : directory.listDomainAdmins()) {
            table.addRow().addContent(admin.account().toString(),
                    String.join(", ", admin.domains().stream().map(Object::toString).toList()));
        }
        table.print(out());
    }
}
