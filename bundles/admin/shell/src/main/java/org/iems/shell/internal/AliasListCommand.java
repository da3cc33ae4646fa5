package org.iems.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.iems.api.directory.Alias;
import org.iems.api.directory.Page;

/** {@code iems:alias-list}. */
@Service
@Command(scope = "iems", name = "alias-list", description = "Lists address aliases, one page at a time.")
public class AliasListCommand extends PagedListCommand {

    @Override
    protected void run() {
        Page<Alias> page = directory.listAliases(domainFilter(), offset, limit);
        ShellTable table = new ShellTable();
        table.column("Alias");
        table.column("Targets");
        for (Alias a : page.items()) {
            table.addRow().addContent(a.address().toString(),
                    String.join(", ", a.targets().stream().map(Object::toString).toList()));
        }
        table.print(out());
        out().println(Paging.summary(page, "aliases"));
    }
}
