package org.iems.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code iems:component-start}. */
@Service
@Command(scope = "iems", name = "component-start", description = "Starts a component stopped with iems:component-stop, with its current "
        + "configuration.")
public class ComponentStartCommand extends ComponentCommand {

    @Override
    protected void apply(IemsComponents.Component c) throws Exception {
        start(c);
    }
}
