package org.iems.imapd.internal.session;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.iems.imapd.protocol.Arguments;
import org.iems.imapd.protocol.ImapSyntaxException;
import org.iems.imapd.protocol.search.SearchParser;
import org.iems.imapd.protocol.search.SortCriteria;
import org.iems.imapd.protocol.search.Threads;

/**
 * SORT and THREAD, and their UID forms (RFC 5256 sections 3 and 4; SORT=DISPLAY of RFC 5957): the
 * messages SEARCH would find, sorted or threaded. The charset is required and named without the
 * CHARSET keyword.
 */
final class SortCommand {

    private final ImapSession session;
    private final SearchCommand search;

    SortCommand(ImapSession session, SearchCommand search) {
        this.session = session;
        this.search = search;
    }

    void sort(ImapSession.Request r) throws ImapSyntaxException, IOException, CommandFailed {
        Arguments a = r.args();
        SortCriteria criteria = SortCriteria.parse(a);
        a.space();
        List<SearchCommand.Candidate> found = matching(r);
        session.out().untagged("SORT" + criteria.sort(found).stream()
                .map(c -> " " + (r.uid() ? c.uid() : c.sequence())).collect(Collectors.joining()));
        session.ok(r);
    }

    void thread(ImapSession.Request r) throws ImapSyntaxException, IOException, CommandFailed {
        Arguments a = r.args();
        String name = a.keyword();
        Threads.Algorithm algorithm;
        try {
            algorithm = Threads.Algorithm.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new ImapSyntaxException("Unknown threading algorithm " + name);
        }
        a.space();
        List<SearchCommand.Candidate> found = matching(r);
        String threads = Threads.thread(algorithm, found, r.uid());
        session.out().untagged(threads.isEmpty() ? "THREAD" : "THREAD " + threads);
        session.ok(r);
    }

    private List<SearchCommand.Candidate> matching(ImapSession.Request r)
            throws ImapSyntaxException, IOException, CommandFailed {
        Arguments a = r.args();
        String charset = a.astring().toUpperCase(Locale.ROOT);
        a.space();
        SelectedMailbox mailbox = session.selected();
        SearchParser.Criteria criteria = SearchParser.parse(a, search.context(mailbox), Optional.of(charset));
        return search.matching(mailbox, criteria);
    }
}
