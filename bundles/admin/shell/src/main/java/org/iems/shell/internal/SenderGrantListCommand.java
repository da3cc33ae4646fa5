package org.iems.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.iems.api.directory.SenderGrant;

/** {@code iems:sender-grant-list}. */
@Service
@Command(scope = "iems", name = "sender-grant-list", description = "Lists who may send under which other sender"
        + " addresses.")
public class SenderGrantListCommand extends DirectoryCommand {

    @Override
    protected void run() {
        ShellTable table = new ShellTable();
        table.column("Grantee");
        table.column("May send as");
        for (SenderGrant grant : directory.listSenderGrants()) {
            table.addRow().addContent(grant.grantee(), grant.sender());
        }
        table.print(out());
    }
}
