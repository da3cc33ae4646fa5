package org.iems.imapd.internal.session;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import org.iems.api.store.FlagChange;
import org.iems.api.store.FlagUpdate;
import org.iems.api.store.MailboxStatus;
import org.iems.api.store.QuotaExceededException;
import org.iems.api.store.StoredMessage;
import org.iems.imapd.protocol.Arguments;
import org.iems.imapd.protocol.ImapSyntaxException;
import org.iems.imapd.protocol.SequenceSet;

/**
 * The commands on the selected mailbox's messages, other than FETCH and SEARCH: CLOSE and
 * UNSELECT (RFC 3691), EXPUNGE and UID EXPUNGE (RFC 4315), STORE with UNCHANGEDSINCE (RFC 7162),
 * COPY and MOVE (RFC 6851) with COPYUID (RFC 4315).
 */
final class MessageCommands {

    private final ImapSession session;

    MessageCommands(ImapSession session) {
        this.session = session;
    }

    /** CLOSE expunges silently in a read-write mailbox; UNSELECT does not. */
    void close(ImapSession.Request r) throws ImapSyntaxException, IOException {
        r.args().end();
        SelectedMailbox mailbox = session.selected();
        if (r.name().equals("CLOSE") && !mailbox.readOnly() && mailbox.ref().has('e')) {
            session.store().expunge(mailbox.ref().owner(), mailbox.ref().name(), deleted(mailbox, null));
        }
        session.deselect();
        session.ok(r);
    }

    void expunge(ImapSession.Request r) throws ImapSyntaxException, IOException, CommandFailed {
        SequenceSet uids = null;
        if (r.uid()) {
            uids = r.args().sequenceSet();
        }
        r.args().end();
        SelectedMailbox mailbox = writable();
        mailbox.ref().require('e', "expunge");
        session.store().expunge(mailbox.ref().owner(), mailbox.ref().name(), deleted(mailbox, uids));
        session.ok(r);
    }

    private static List<Long> deleted(SelectedMailbox mailbox, SequenceSet uids) {
        SequenceSet resolved = uids == null ? null : mailbox.resolve(uids, true);
        List<Long> out = new ArrayList<>();
        for (int seq = 1; seq <= mailbox.size(); seq++) {
            StoredMessage m = mailbox.message(seq);
            if (m.flags().contains("\\Deleted") && (resolved == null || resolved.contains(m.uid()))) {
                out.add(m.uid());
            }
        }
        return out;
    }

    private SelectedMailbox writable() throws CommandFailed {
        SelectedMailbox mailbox = session.selected();
        if (mailbox.readOnly()) {
            throw new CommandFailed("READ-ONLY", "Mailbox is read-only (EXAMINE)");
        }
        return mailbox;
    }

    /** RFC 3501 section 6.4.6. */
    void store(ImapSession.Request r) throws ImapSyntaxException, IOException, CommandFailed {
        Arguments a = r.args();
        SequenceSet set = a.sequenceSet();
        a.space();
        OptionalLong unchangedSince = OptionalLong.empty();
        if (a.skip('(')) {
            if (!a.keyword().equals("UNCHANGEDSINCE")) {
                throw new ImapSyntaxException("Unknown STORE modifier");
            }
            a.space();
            unchangedSince = OptionalLong.of(a.number(true));
            a.expect(')');
            a.space();
            session.enableCondStore();
        }
        String action = a.word(c -> Character.isLetter(c) || c == '.' || c == '+' || c == '-', "STORE action")
                .toUpperCase(Locale.ROOT);
        boolean silent = action.endsWith(".SILENT");
        String verb = silent ? action.substring(0, action.length() - 7) : action;
        FlagChange change = switch (verb) {
            case "FLAGS" -> FlagChange.REPLACE;
            case "+FLAGS" -> FlagChange.ADD;
            case "-FLAGS" -> FlagChange.REMOVE;
            default -> throw new ImapSyntaxException("STORE needs FLAGS, +FLAGS or -FLAGS");
        };
        a.space();
        Set<String> flags = new HashSet<>(a.flagList());
        a.end();
        // \Recent belongs to the server (RFC 3501 section 2.3.2): a client cannot set or clear it
        flags.removeIf(f -> f.equalsIgnoreCase("\\Recent"));
        SelectedMailbox mailbox = writable();
        Set<String> normalized = SystemFlags.normalized(flags);
        requireFlagRights(mailbox.ref(), change, normalized);
        List<Integer> seqs = mailbox.select(set, r.uid());
        List<Long> uids = seqs.stream().map(seq -> mailbox.message(seq).uid()).toList();
        FlagUpdate update = session.store().updateFlags(mailbox.ref().owner(), mailbox.ref().name(), uids, change,
                normalized, unchangedSince);
        mailbox.updated(update.changed());
        if (!silent) {
            for (int seq : seqs) {
                if (!update.modifiedSince().contains(mailbox.message(seq).uid())) {
                    session.flagsOf(seq, r.uid());
                }
            }
        }
        if (update.modifiedSince().isEmpty()) {
            session.ok(r);
            return;
        }
        List<Long> failed = r.uid() ? update.modifiedSince()
                : update.modifiedSince().stream().map(u -> (long) mailbox.sequenceOf(u).orElse(0)).toList();
        session.ok(r, "MODIFIED " + SequenceSet.of(failed));
    }

    /**
     * RFC 4314 section 4: \Seen needs s, \Deleted needs t, other flags w; replacing all flags
     * touches every kind.
     */
    private static void requireFlagRights(MailboxRef ref, FlagChange change, Set<String> flags) throws CommandFailed {
        boolean all = change == FlagChange.REPLACE;
        if (all || flags.contains("\\Seen")) {
            ref.require('s', "change \\Seen");
        }
        if (all || flags.contains("\\Deleted")) {
            ref.require('t', "change \\Deleted");
        }
        if (all || flags.stream().anyMatch(f -> !f.equals("\\Seen") && !f.equals("\\Deleted"))) {
            ref.require('w', "change flags");
        }
    }

    /** COPY and MOVE: the copies keep flags and internal date; MOVE then expunges the originals. */
    void copy(ImapSession.Request r) throws ImapSyntaxException, IOException, CommandFailed {
        Arguments a = r.args();
        SequenceSet set = a.sequenceSet();
        a.space();
        String target = session.mailboxName(a);
        a.end();
        boolean move = r.name().equals("MOVE");
        SelectedMailbox mailbox = move ? writable() : session.selected();
        if (move) {
            mailbox.ref().require('t', "delete messages");
            mailbox.ref().require('e', "expunge");
        }
        MailboxRef targetRef = session.resolve(target);
        MailboxStatus targetStatus = session.existing(targetRef, "TRYCREATE");
        targetRef.require('i', "insert messages");
        List<StoredMessage> sources = mailbox.select(set, r.uid()).stream().map(mailbox::message).toList();
        List<Long> sourceUids = sources.stream().map(StoredMessage::uid).toList();
        List<Long> copyUids;
        try {
            copyUids = session.store().copy(targetRef.owner(), targetRef.name(), sources);
        } catch (QuotaExceededException e) {
            throw new CommandFailed("OVERQUOTA", "Quota exceeded; nothing was copied");
        }
        String code = copyUids.isEmpty() ? "" : "COPYUID " + targetStatus.uidValidity() + " "
                + SequenceSet.of(sourceUids) + " " + SequenceSet.of(copyUids);
        if (move) {
            if (!code.isEmpty()) {
                session.out().untagged("OK [" + code + "] Moved");
            }
            session.store().expunge(mailbox.ref().owner(), mailbox.ref().name(), sourceUids);
            session.ok(r);
        } else {
            session.ok(r, code);
        }
    }
}
