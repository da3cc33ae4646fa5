package org.iems.shell.internal;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.iems.api.directory.Directory;

/** Completes hosted domain names. */
@Service
public class DomainCompleter implements Completer {

    @Reference
    private Directory directory;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter names = new StringsCompleter();
        directory.listDomains().forEach(d -> names.getStrings().add(d.name().unicode()));
        return names.complete(session, commandLine, candidates);
    }
}
