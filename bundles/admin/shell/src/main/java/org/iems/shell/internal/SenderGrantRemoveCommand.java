package org.iems.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.iems.api.directory.SenderGrant;

/** {@code iems:sender-grant-remove}. */
@Service
@Command(scope = "iems", name = "sender-grant-remove", description = "Withdraws a sender grant.")
public class SenderGrantRemoveCommand extends SenderGrantCommand {

    @Override
    protected void run() {
        SenderGrant grant = grant();
        directory.removeSenderGrant(grant);
        out().println(grant.grantee() + " may no longer send as " + grant.sender());
    }
}
