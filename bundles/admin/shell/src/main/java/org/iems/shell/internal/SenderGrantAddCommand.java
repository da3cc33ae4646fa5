package org.iems.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.iems.api.directory.SenderGrant;

/** {@code iems:sender-grant-add}. */
@Service
@Command(scope = "iems", name = "sender-grant-add", description = "Lets an account, or every account of a domain, send"
        + " under other sender addresses than its own and its aliases' (checked at SMTP MAIL FROM after AUTH).")
public class SenderGrantAddCommand extends SenderGrantCommand {

    @Override
    protected void run() {
        SenderGrant grant = grant();
        directory.addSenderGrant(grant);
        out().println(grant.grantee() + " may now send as " + grant.sender());
    }
}
