package org.iems.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.iems.api.directory.SenderGrant;

/** Base of the commands that add or withdraw a sender grant. */
public abstract class SenderGrantCommand extends DirectoryCommand {

    @Argument(index = 0, name = "grantee", required = true, description = "An account (bart@ima.com), or @domain for"
            + " every account of a hosted domain")
    String grantee;

    @Argument(index = 1, name = "sender", required = true, description = "A sender address, @domain for every address"
            + " of that domain, or * for any address (quote it: '*')")
    String sender;

    /** The grant the arguments name; a malformed one is the command's error. */
    SenderGrant grant() {
        try {
            return new SenderGrant(grantee, sender);
        } catch (IllegalArgumentException e) {
            throw new CommandException(e.getMessage());
        }
    }
}
