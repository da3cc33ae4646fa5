package org.iems.shell.internal;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.iems.api.directory.Directory;

/** Completes account addresses (the first {@value #LIMIT}, so a huge directory stays responsive). */
@Service
public class AccountCompleter implements Completer {

    static final int LIMIT = 500;

    @Reference
    private Directory directory;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter names = new StringsCompleter();
        directory.listAccounts(null, 0, LIMIT).items().forEach(a -> names.getStrings().add(a.address().toString()));
        return names.complete(session, commandLine, candidates);
    }
}
