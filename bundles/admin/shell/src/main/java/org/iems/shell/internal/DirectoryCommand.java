package org.iems.shell.internal;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.iems.api.directory.Directory;

/** Base of the commands that work on the directory. */
public abstract class DirectoryCommand extends IemsCommand {

    @Reference
    protected Directory directory;
}
