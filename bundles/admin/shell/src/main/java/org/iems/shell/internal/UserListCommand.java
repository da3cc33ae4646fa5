package org.iems.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.iems.api.directory.Account;
import org.iems.api.directory.Page;

/** {@code iems:user-list}. */
@Service
@Command(scope = "iems", name = "user-list", description = "Lists accounts, one page at a time.")
public class UserListCommand extends PagedListCommand {

    @Override
    protected void run() {
        Page<Account> page = directory.listAccounts(domainFilter(), offset, limit);
        ShellTable table = new ShellTable();
        table.column("Address");
        table.column("Name");
        table.column("Quota");
        table.column("Enabled");
        table.column("Last login");
        for (Account a : page.items()) {
            table.addRow().addContent(a.address().toString(), a.displayName(),
                    a.quotaBytes() == 0 ? "unlimited" : String.valueOf(a.quotaBytes()), a.enabled() ? "yes" : "no",
                    a.lastLogin() == null ? "never" : a.lastLogin().toString());
        }
        table.print(out());
        out().println(Paging.summary(page, "accounts"));
    }
}
