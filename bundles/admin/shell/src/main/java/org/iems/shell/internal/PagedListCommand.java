package org.iems.shell.internal;

import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.iems.api.mail.DomainName;

/** Base of the listings that page through large sets, optionally within one domain. */
public abstract class PagedListCommand extends DirectoryCommand {

    @Option(name = "--domain", aliases = "-d", description = "Only this domain's entries")
    @Completion(DomainCompleter.class)
    String domain;

    @Option(name = "--offset", description = "Position of the first entry to show, from 0")
    int offset;

    @Option(name = "--limit", aliases = "-l", description = "How many entries to show")
    int limit = 100;

    /** The domain filter, or {@code null} for all domains. */
    protected DomainName domainFilter() {
        return domain == null ? null : Args.domain(domain);
    }
}
