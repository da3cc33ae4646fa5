package org.iems.imapd.internal.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Set;
import org.iems.api.store.StoredMessage;
import org.iems.imapd.protocol.ImapSyntaxException;
import org.iems.imapd.protocol.mime.BodyText;
import org.iems.imapd.protocol.mime.Headers;
import org.iems.imapd.protocol.search.SearchCandidate;
import org.iems.imapd.protocol.search.SearchParser;

/**
 * SEARCH and UID SEARCH (RFC 3501 sections 6.4.4 and 6.4.8). A message's text is read only when a
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
        SearchParser.Criteria criteria = SearchParser.parse(r.args(), mailbox::size, mailbox::largestUid);
        if (criteria.charset().isPresent() && !SearchParser.CHARSETS.contains(criteria.charset().get())) {
            throw new CommandFailed("BADCHARSET (US-ASCII UTF-8)", "Unsupported charset");
        }
        StringBuilder found = new StringBuilder("SEARCH");
        long highest = 0;
        try {
            for (int seq = 1; seq <= mailbox.size(); seq++) {
                Candidate c = new Candidate(seq, mailbox.message(seq), mailbox.recent(mailbox.message(seq).uid()));
                if (criteria.key().matches(c)) {
                    found.append(' ').append(r.uid() ? c.uid() : seq);
                    highest = Math.max(highest, c.modSeq());
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (criteria.modSeq() && highest > 0) {
            session.enableCondStore();
            found.append(" (MODSEQ ").append(highest).append(')');
        }
        session.out().untagged(found.toString());
        session.ok(r);
    }

    /** One message as the search keys see it, reading its text lazily. */
    private final class Candidate implements SearchCandidate {

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
                    body = BodyText.of(content.bytes(), content.structure());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return body;
        }
    }
}
