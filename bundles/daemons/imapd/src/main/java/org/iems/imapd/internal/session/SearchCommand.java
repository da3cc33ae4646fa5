package org.iems.imapd.internal.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.iems.api.store.StoredMessage;
import org.iems.imapd.protocol.ImapSyntaxException;
import org.iems.imapd.protocol.mime.BodyText;
import org.iems.imapd.protocol.mime.Headers;
import org.iems.imapd.protocol.search.SearchCandidate;
import org.iems.imapd.protocol.search.SearchParser;
import org.iems.imapd.protocol.search.SearchReturn;

/**
 * SEARCH and UID SEARCH (RFC 3501 sections 6.4.4 and 6.4.8), with the RETURN options and ESEARCH
 * response of RFC 4731 and the saved result of RFC 5182. A message's text is read only when a
 * key needs it: flag, size, date and UID keys read nothing, header keys read the header alone,
 * BODY and TEXT search the decoded text parts ({@link BodyText}).
 * With CONDSTORE a MODSEQ key adds the highest MODSEQ of the matches (RFC 7162 section 3.1.5).
 */
final class SearchCommand {

    private final ImapSession session;

    SearchCommand(ImapSession session) {
        this.session = session;
    }

    void search(ImapSession.Request r) throws ImapSyntaxException, IOException, CommandFailed {
        SelectedMailbox mailbox = session.selected();
        SearchReturn returns = SearchReturn.parse(r.args());
        if (returns == null && session.rev2()) {
            // RFC 9051 section 6.4.4: an IMAP4rev2 client is answered with ESEARCH, as for RETURN (ALL)
            returns = SearchReturn.ALL;
        }
        SearchParser.Criteria criteria;
        List<Candidate> found;
        try {
            criteria = SearchParser.parse(r.args(), context(mailbox));
            found = matching(mailbox, criteria);
        } catch (ImapSyntaxException | CommandFailed | IOException e) {
            if (returns != null && returns.save()) {
                // a search that fails leaves the saved result empty (RFC 5182 section 2.1)
                mailbox.saveResult(List.of());
            }
            throw e;
        }
        List<Long> numbers = found.stream().map(c -> r.uid() ? c.uid() : c.sequence()).toList();
        if (returns == null) {
            long highest = criteria.modSeq() ? highestModSeq(found) : 0;
            session.out().untagged("SEARCH" + numbers.stream().map(n -> " " + n).collect(Collectors.joining())
                    + (highest > 0 ? " (MODSEQ " + highest + ")" : ""));
        } else {
            Set<Long> returned = Set.copyOf(returns.returned(numbers));
            List<Candidate> spoken = found.stream().filter(c -> returned.contains(r.uid() ? c.uid() : c.sequence()))
                    .toList();
            if (returns.save()) {
                mailbox.saveResult(spoken.stream().map(Candidate::uid).toList());
            }
            if (returns.answers()) {
                long highest = criteria.modSeq() ? highestModSeq(spoken) : 0;
                session.out().untagged(returns.esearch(r.tag(), r.uid(), numbers, highest));
            }
        }
        session.ok(r);
    }

    /** What criteria refer to in a selected mailbox: its size and UIDs, its saved result, the time. */
    SearchParser.SearchContext context(SelectedMailbox mailbox) {
        Instant now = Instant.now();
        boolean recentKnown = !session.rev2();
        return new SearchParser.SearchContext() {
            @Override
            public long largestSequence() {
                return mailbox.size();
            }

            @Override
            public long largestUid() {
                return mailbox.largestUid();
            }

            @Override
            public boolean inSavedResult(long uid) {
                return mailbox.inSavedResult(uid);
            }

            @Override
            public Instant now() {
                return now;
            }

            @Override
            public boolean recentKnown() {
                return recentKnown;
            }
        };
    }

    /**
     * The messages that match, in sequence order.
     *
     * @throws CommandFailed if the charset is not one the server searches in
     * @throws IOException if a message cannot be read
     */
    List<Candidate> matching(SelectedMailbox mailbox, SearchParser.Criteria criteria) throws CommandFailed, IOException {
        if (criteria.charset().isPresent() && !SearchParser.CHARSETS.contains(criteria.charset().get())) {
            throw new CommandFailed("BADCHARSET (US-ASCII UTF-8)", "Unsupported charset");
        }
        if (criteria.modSeq()) {
            session.enableCondStore();
        }
        List<Candidate> found = new ArrayList<>();
        try {
            for (int seq = 1; seq <= mailbox.size(); seq++) {
                Candidate c = new Candidate(seq, mailbox.message(seq), mailbox.recent(mailbox.message(seq).uid()));
                if (criteria.key().matches(c)) {
                    found.add(c);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return found;
    }

    private static long highestModSeq(List<Candidate> found) {
        return found.stream().mapToLong(Candidate::modSeq).max().orElse(0);
    }

    /** One message as the search keys see it, reading its text lazily. */
    final class Candidate implements SearchCandidate {

        private final long sequence;
        private final StoredMessage message;
        private final boolean recent;
        private final MessageContents.Content content;
        private String body;

        Candidate(long sequence, StoredMessage message, boolean recent) {
            this.sequence = sequence;
            this.message = message;
            this.recent = recent;
            this.content = session.contents().of(message);
        }

        @Override
        public long sequence() {
            return sequence;
        }

        @Override
        public long uid() {
            return message.uid();
        }

        @Override
        public Set<String> flags() {
            return message.flags();
        }

        @Override
        public boolean recent() {
            return recent;
        }

        @Override
        public long size() {
            return message.size();
        }

        @Override
        public Instant internalDate() {
            return message.internalDate();
        }

        @Override
        public long modSeq() {
            return message.modSeq();
        }

        @Override
        public Instant savedAt() {
            return message.savedAt();
        }

        @Override
        public String emailId() {
            return message.emailId();
        }

        @Override
        public Headers headers() {
            try {
                return content.headers();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String body() {
            if (body == null) {
                try {
                    body = BodyText.of(content.source(), content.structure());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return body;
        }
    }
}
