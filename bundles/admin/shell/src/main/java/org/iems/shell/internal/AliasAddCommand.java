package org.iems.shell.internal;

import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.iems.api.directory.Alias;
import org.iems.api.mail.MailAddress;

/** {@code iems:alias-add}. */
@Service
@Command(scope = "iems", name = "alias-add", description = "Creates an address alias that forwards to one or"
        + " more local or remote addresses. Loops are refused.")
public class AliasAddCommand extends DirectoryCommand {

    @Argument(index = 0, name = "alias", required = true, description = "The alias address (in a hosted domain)")
    String alias;

    @Argument(index = 1, name = "targets", required = true, multiValued = true, description = "Where mail goes")
    List<String> targets;

    @Override
    protected void run() {
        List<MailAddress> parsed = new ArrayList<>();
        targets.forEach(t -> parsed.add(Args.address(t)));
        Alias added = directory.addAlias(new Alias(Args.address(alias), parsed));
        out().println("Alias added: " + added.address() + " -> " + added.targets());
    }
}
