package org.iems.imapd.internal.session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import org.iems.api.store.MailboxExistsException;
import org.iems.api.store.MailboxStatus;
import org.iems.api.store.StoredMessage;
import org.iems.imapd.protocol.Arguments;
import org.iems.imapd.protocol.ImapSyntaxException;
import org.iems.imapd.protocol.SelectParameters;
import org.iems.imapd.protocol.ResponseBuilder;

/**
 * The mailbox commands of the authenticated state (RFC 3501 section 6.3): SELECT, EXAMINE,
 * CREATE, DELETE, RENAME, SUBSCRIBE, UNSUBSCRIBE, LIST, LSUB, STATUS, and NAMESPACE (RFC 2342).
 * Special-use mailboxes (RFC 6154) are listed with their attribute and created when first
 * selected. Every mailbox counts as subscribed: LSUB lists what LIST lists.
 */
final class MailboxCommands {

    private static final String SYSTEM_FLAGS = "\\Answered \\Flagged \\Deleted \\Seen \\Draft";

    private final ImapSession session;

    MailboxCommands(ImapSession session) {
        this.session = session;
    }

    void select(ImapSession.Request r) throws ImapSyntaxException, IOException, CommandFailed {
        Arguments a = r.args();
        String name = session.mailboxName(a);
        SelectParameters parameters = SelectParameters.parse(a);
        a.end();
        if (parameters.qresync() != null && !session.qresync()) {
            throw new ImapSyntaxException("QRESYNC must be enabled first (ENABLE QRESYNC)");
        }
        if (session.selected() != null) {
            // RFC 7162 section 3.2.11: the client learns where the old mailbox's responses end
            session.out().untagged("OK [CLOSED] Previous mailbox closed");
        }
        session.deselect();
        if (parameters.condStore()) {
            // enabled once the old mailbox is closed, so its HIGHESTMODSEQ is not told
            session.enableCondStore();
        }
        MailboxRef ref = session.resolve(name);
        ref.require('r', "read");
        // RFC 4314 section 4: without a right to change anything, the mailbox is read-only
        boolean readOnly = r.name().equals("EXAMINE") || "stwie".chars().noneMatch(c -> ref.has((char) c));
        MailboxStatus status = session.existing(ref);
        SelectedMailbox mailbox = SelectedMailbox.open(session.store(), session.listings(), ref, readOnly,
                !session.rev2(), status);
        int firstUnseen = 0;
        for (int seq = 1; seq <= mailbox.size() && firstUnseen == 0; seq++) {
            if (!mailbox.message(seq).flags().contains("\\Seen")) {
                firstUnseen = seq;
            }
        }
        Responses out = session.out();
        flagResponses(out, mailbox);
        out.untagged(mailbox.size() + " EXISTS");
        if (session.rev2()) {
            // RFC 9051 section 6.3.2: no RECENT and no UNSEEN code, but the mailbox's LIST response
            out.untagged(new ResponseBuilder().raw("LIST () \"/\" ").astring(session.wire(ref.visibleName())));
        } else {
            out.untagged(mailbox.recentCount() + " RECENT");
            if (firstUnseen > 0) {
                out.untagged("OK [UNSEEN " + firstUnseen + "] First unseen");
            }
        }
        out.untagged("OK [UIDVALIDITY " + status.uidValidity() + "] UIDs valid");
        out.untagged("OK [UIDNEXT " + status.uidNext() + "] Predicted next UID");
        out.untagged("OK [MAILBOXID (" + status.mailboxId() + ")] Mailbox object id");
        if (session.condStore()) {
            out.untagged("OK [HIGHESTMODSEQ " + Math.max(1, status.highestModSeq()) + "] Highest");
        }
        session.select(mailbox);
        if (parameters.qresync() != null && parameters.qresync().uidValidity() == status.uidValidity()) {
            resynchronize(mailbox, parameters.qresync());
        }
        session.ok(r, readOnly ? "READ-ONLY" : "READ-WRITE");
    }

    /**
     * RFC 7162 section 3.2.5: what changed since the client's MODSEQ, as VANISHED (EARLIER) for the
     * UIDs it knows that are gone and FETCH (UID FLAGS MODSEQ) for the messages changed or added.
     */
    private void resynchronize(SelectedMailbox mailbox, SelectParameters.Qresync known) throws IOException {
        session.vanishedEarlier(mailbox, known.knownUids(), known.modSeq());
        for (int seq = 1; seq <= mailbox.size(); seq++) {
            if (mailbox.message(seq).modSeq() > known.modSeq()) {
                session.flagsOf(seq, true);
            }
        }
    }

    /**
     * FLAGS and PERMANENTFLAGS (RFC 3501 sections 7.2.6 and 7.1): the system flags and every
     * keyword the session knows of; a read-only mailbox permits none.
     */
    static void flagResponses(Responses out, SelectedMailbox mailbox) throws IOException {
        String flags = SYSTEM_FLAGS + mailbox.keywords().stream().map(k -> " " + k).reduce("", String::concat);
        out.untagged("FLAGS (" + flags + ")");
        out.untagged("OK [PERMANENTFLAGS (" + (mailbox.readOnly() ? "" : flags + " \\*") + ")] Flags permitted");
    }

    void create(ImapSession.Request r) throws ImapSyntaxException, IOException, CommandFailed {
        String name = session.mailboxName(r.args());
        String uses = null;
        if (r.args().skip(' ')) {
            // RFC 6154 section 3: CREATE name (USE (\Archive ...))
            r.args().expect('(');
            if (!r.args().keyword().equals("USE")) {
                throw new ImapSyntaxException("Unknown CREATE parameter");
            }
            r.args().space();
            uses = String.join(" ", r.args().flagList());
            r.args().expect(')');
            MetadataCommands.checkUses(uses.getBytes(StandardCharsets.UTF_8));
        }
        r.args().end();
        while (name.endsWith(MailboxNames.SEPARATOR)) {
            // RFC 3501: a trailing separator says the client means to create children
            name = name.substring(0, name.length() - 1);
        }
        if (name.equals("INBOX")) {
            throw new CommandFailed("ALREADYEXISTS", "INBOX always exists");
        }
        if (name.equals(MailboxNames.SHARED_PREFIX.substring(0, MailboxNames.SHARED_PREFIX.length() - 1))) {
            throw new CommandFailed("CANNOT", "Shared/ holds other users' mailboxes");
        }
        MailboxRef target = new MailboxRef(session.user(), name, name, MailboxRef.ALL_RIGHTS);
        if (name.startsWith(MailboxNames.SHARED_PREFIX)) {
            // RFC 4314: creating under another user's mailbox needs the right k on the parent
            int slash = name.lastIndexOf('/');
            MailboxRef parent = session.resolve(name.substring(0, slash));
            parent.require('k', "create mailboxes");
            target = new MailboxRef(parent.owner(), parent.name() + name.substring(slash), name, parent.rights());
        }
        try {
            session.store().createMailbox(target.owner(), target.name());
        } catch (MailboxExistsException e) {
            throw new CommandFailed("ALREADYEXISTS", "Mailbox exists already");
        }
        if (uses != null && !uses.isEmpty()) {
            session.store().annotate(target.owner(), target.name(), session.user(),
                    Map.of(MetadataCommands.SPECIAL_USE, uses.getBytes(StandardCharsets.UTF_8)));
        }
        // RFC 8474 section 4.1: the new mailbox's object id
        String id = session.store().status(target.owner(), target.name()).map(MailboxStatus::mailboxId).orElse("");
        session.ok(r, id.isEmpty() ? "" : "MAILBOXID (" + id + ")");
    }

    void delete(ImapSession.Request r) throws ImapSyntaxException, IOException, CommandFailed {
        String name = session.mailboxName(r.args());
        r.args().end();
        MailboxRef ref = session.resolve(name);
        ref.require('x', "delete the mailbox");
        if (session.selected() != null && session.selected().ref().equals(ref)) {
            session.deselect();
        }
        session.store().deleteMailbox(ref.owner(), ref.name());
        session.ok(r);
    }

    void rename(ImapSession.Request r) throws ImapSyntaxException, IOException, CommandFailed {
        String from = session.mailboxName(r.args());
        r.args().space();
        String to = session.mailboxName(r.args());
        r.args().end();
        if (from.startsWith(MailboxNames.SHARED_PREFIX) || to.startsWith(MailboxNames.SHARED_PREFIX)) {
            throw new CommandFailed("NOPERM", "Only your own mailboxes can be renamed");
        }
        session.store().renameMailbox(session.user(), from, to);
        session.ok(r);
    }

    void subscribe(ImapSession.Request r) throws ImapSyntaxException, IOException, CommandFailed {
        String name = session.mailboxName(r.args());
        r.args().end();
        session.store().subscribe(session.user(), name, r.name().equals("SUBSCRIBE"));
        session.ok(r);
    }

    void status(ImapSession.Request r) throws ImapSyntaxException, IOException, CommandFailed {
        Arguments a = r.args();
        String name = session.mailboxName(a);
        a.space();
        a.expect('(');
        List<String> items = new ArrayList<>();
        items.addAll(statusItems(a, session.rev2()));
        a.end();
        MailboxRef ref = session.resolve(name);
        ref.require('r', "read");
        session.out().untagged(statusResponse(ref, session.existing(ref), items));
        session.ok(r);
    }

    /** The STATUS response of a mailbox (RFC 3501 section 7.2.4), also sent by LIST-STATUS. */
    ResponseBuilder statusResponse(MailboxRef ref, MailboxStatus status, List<String> items) throws IOException {
        StringBuilder values = new StringBuilder();
        for (String item : items) {
            if (item.equals("MAILBOXID")) {
                values.append(values.length() == 0 ? "" : " ").append("MAILBOXID (").append(status.mailboxId()).append(')');
                continue;
            }
            long value = switch (item) {
                case "MESSAGES" -> status.messages();
                case "RECENT" -> recent(ref, status);
                case "UIDNEXT" -> status.uidNext();
                case "UIDVALIDITY" -> status.uidValidity();
                case "HIGHESTMODSEQ" -> Math.max(1, status.highestModSeq());
                case "SIZE" -> count(ref, status, m -> true, StoredMessage::size);
                case "APPENDLIMIT" -> session.settings().appendLimit();
                case "UNSEEN" -> count(ref, status, m -> !m.flags().contains("\\Seen"), m -> 1);
                case "DELETED" -> count(ref, status, m -> m.flags().contains("\\Deleted"), m -> 1);
                default -> count(ref, status, m -> m.flags().contains("\\Deleted"), StoredMessage::size);
            };
            values.append(values.length() == 0 ? "" : " ").append(item).append(' ').append(value);
        }
        return new ResponseBuilder().raw("STATUS ").astring(session.wire(ref.visibleName()))
                .raw(" (" + values + ")");
    }

    /** The messages no session took {@code \\Recent} of yet (RFC 3501 section 2.3.2). */
    private long recent(MailboxRef ref, MailboxStatus status) throws IOException {
        long boundary = session.store().recentBoundary(ref.owner(), ref.name());
        return count(ref, status, m -> m.uid() > boundary, m -> 1);
    }

    /** Reads STATUS items up to the closing parenthesis. */
    static List<String> statusItems(Arguments a, boolean rev2) throws ImapSyntaxException {
        List<String> items = new ArrayList<>();
        do {
            String item = a.keyword();
            if (!Set.of("MESSAGES", "RECENT", "UIDNEXT", "UIDVALIDITY", "UNSEEN", "HIGHESTMODSEQ", "DELETED",
                    "DELETED-STORAGE", "SIZE", "APPENDLIMIT", "MAILBOXID").contains(item)) {
                throw new ImapSyntaxException("Unknown STATUS item " + item);
            }
            if (rev2 && item.equals("RECENT")) {
                throw new ImapSyntaxException("IMAP4rev2 has no STATUS RECENT");
            }
            items.add(item);
        } while (a.skip(' '));
        a.expect(')');
        return items;
    }

    /** Sums a value over the messages that pass a test (UNSEEN, DELETED and DELETED-STORAGE of RFC 9208). */
    private long count(MailboxRef ref, MailboxStatus status, Predicate<StoredMessage> test,
            ToLongFunction<StoredMessage> value) throws IOException {
        return session.listings().messages(ref.owner(), ref.name(), status).stream().filter(test)
                .mapToLong(value).sum();
    }

    void namespace(ImapSession.Request r) throws ImapSyntaxException, IOException {
        r.args().end();
        session.out().untagged("NAMESPACE ((\"\" \"/\")) ((\"" + MailboxNames.SHARED_PREFIX + "\" \"/\")) NIL");
        session.ok(r);
    }
}
