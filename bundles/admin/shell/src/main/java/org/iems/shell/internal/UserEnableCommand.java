package org.iems.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code iems:user-enable}. */
@Service
@Command(scope = "iems", name = "user-enable", description = "Lets a disabled account log in again.")
public class UserEnableCommand extends AccountStateCommand {

    @Override
    protected boolean enabled() {
        return true;
    }
}
