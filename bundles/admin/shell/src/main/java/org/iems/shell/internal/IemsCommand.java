package org.iems.shell.internal;

import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Action;

/** Base of the iems: commands: a console to print to, and errors as one-line messages. */
public abstract class IemsCommand implements Action {

    /** The session's console: Karaf routes System.out of a command thread to its session. */
    protected PrintStream out() {
        return System.out;
    }

    @Override
    public final Object execute() throws Exception {
        run();
        return null;
    }

    /** Does the command's work; throws {@link CommandException} with a one-line reason. */
    protected abstract void run() throws Exception;
}
