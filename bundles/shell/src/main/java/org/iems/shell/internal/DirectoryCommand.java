package org.iems.shell.internal;

import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.iems.api.directory.Directory;

/** Base of the commands that work on the directory. */
public abstract class DirectoryCommand implements Action {

    @Reference
    protected Directory directory;

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
