package org.iems.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code iems:component-stop}. */
@Service
@Command(scope = "iems", name = "component-stop", description = "Stops one IEMS component (its listeners close, its services go away; components "
        + "that need them wait) until iems:component-start; its configuration stays.")
public class ComponentStopCommand extends ComponentCommand {

    @Override
    protected void apply(IemsComponents.Component c) throws Exception {
        stop(c);
    }
}
