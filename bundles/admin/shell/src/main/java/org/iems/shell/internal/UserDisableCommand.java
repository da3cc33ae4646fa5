package org.iems.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code iems:user-disable}. */
@Service
@Command(scope = "iems", name = "user-disable", description = "Stops an account from logging in; its mail is kept.")
public class UserDisableCommand extends AccountStateCommand {

    @Override
    protected boolean enabled() {
        return false;
    }
}
