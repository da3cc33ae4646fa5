package org.iems.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code iems:component-restart}. */
@Service
@Command(scope = "iems", name = "component-restart", description = "Stops and starts one IEMS component (a daemon closes its sessions and binds "
        + "again; the queue takes back its claims).")
public class ComponentRestartCommand extends ComponentCommand {

    @Override
    protected void apply(IemsComponents.Component c) throws Exception {
        stop(c);
        start(c);
    }
}
