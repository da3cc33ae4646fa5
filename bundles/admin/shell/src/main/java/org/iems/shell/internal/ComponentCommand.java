package org.iems.shell.internal;

import java.util.concurrent.TimeUnit;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.util.promise.Promise;

/**
 * Base of {@code iems:component-stop|start|restart}: finds the named component, applies the
 * command's steps, waiting for each, and prints the state it ends in.
 */
public abstract class ComponentCommand extends IemsCommand {

    private static final long STEP_SECONDS = 30;

    @Reference
    ServiceComponentRuntime scr;

    @Argument(index = 0, name = "name", required = true, description = "The component, as iems:status names it:"
            + " its PID (org.iems.smtpd, or smtpd) or its class name (LocalDelivery)")
    String name;

    @Override
    protected final void run() throws Exception {
        IemsComponents.Component c = new IemsComponents(scr).find(name)
                .orElseThrow(() -> new CommandException("no IEMS component " + name + "; iems:status lists them"));
        apply(c);
        out().println(c.name() + ": " + new IemsComponents(scr).find(c.name()).map(now -> now.state(scr)).orElse("gone"));
    }

    /** The command's step or steps, with {@link #stop} and {@link #start}. */
    protected abstract void apply(IemsComponents.Component c) throws Exception;

    /** Stops the component: its services go away and the components that need them wait. */
    protected void stop(IemsComponents.Component c) throws Exception {
        await(scr.disableComponent(c.description()), "stopping " + c.name());
    }

    /** Starts the component again with its current configuration. */
    protected void start(IemsComponents.Component c) throws Exception {
        await(scr.enableComponent(c.description()), "starting " + c.name());
    }

    private static void await(Promise<Void> step, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STEP_SECONDS);
        while (!step.isDone()) {
            if (System.nanoTime() > deadline) {
                throw new CommandException(what + " did not finish within " + STEP_SECONDS + " s");
            }
            Thread.sleep(50);
        }
        if (step.getFailure() != null) {
            throw new CommandException(what + " failed: " + step.getFailure().getMessage());
        }
    }
}
