package org.iems.shell.internal;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.iems.api.queue.ManageableQueue;

/** Completes the ids of the oldest queue entries. */
@Service
public class QueueIdCompleter implements Completer {

    private static final int MAX = 200;

    @Reference
    private ManageableQueue queue;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter ids = new StringsCompleter();
        queue.list(false, 0, MAX).forEach(e -> ids.getStrings().add(e.queueId()));
        return ids.complete(session, commandLine, candidates);
    }
}
