package org.iems.imapd.internal.session;

import java.io.IOException;
import java.io.InputStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import org.iems.api.store.FlagChange;
import org.iems.api.store.FlagUpdate;
import org.iems.api.store.StoredMessage;
import org.iems.imapd.protocol.Arguments;
import org.iems.imapd.protocol.ImapSyntaxException;
import org.iems.imapd.protocol.ResponseBuilder;
import org.iems.imapd.protocol.Section;
import org.iems.imapd.protocol.SequenceSet;
import org.iems.imapd.protocol.mime.BodyStructureWriter;
import org.iems.imapd.protocol.mime.EnvelopeWriter;
import org.iems.imapd.protocol.mime.MimePart;
import org.iems.imapd.protocol.mime.Preview;
import org.iems.imapd.protocol.mime.SectionReader;
import org.iems.imapd.protocol.mime.TransferEncoding;

/**
 * FETCH and UID FETCH (RFC 3501 sections 6.4.5 and 6.4.8) with CHANGEDSINCE and MODSEQ (RFC 7162
 * section 3.1.4) and VANISHED (section 3.2.6). A whole message is streamed from its blob; other
 * sections are cut from the text read once per message. Reading a body without PEEK sets \Seen in
 * a read-write mailbox.
 */
final class FetchCommand {

    static final DateTimeFormatter INTERNAL_DATE = DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm:ss Z",
            Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final ImapSession session;

    FetchCommand(ImapSession session) {
        this.session = session;
    }

    void fetch(ImapSession.Request r) throws ImapSyntaxException, IOException, CommandFailed {
        Arguments a = r.args();
        SequenceSet set = a.sequenceSet();
        a.space();
        List<FetchItem> items = new ArrayList<>(FetchItem.parseList(a));
        long changedSince = -1;
        boolean vanished = false;
        if (a.skip(' ')) {
            a.expect('(');
            do {
                String modifier = a.keyword();
                switch (modifier) {
                    case "CHANGEDSINCE" -> {
                        a.space();
                        changedSince = a.number(true);
                    }
                    case "VANISHED" -> vanished = true;
                    default -> throw new ImapSyntaxException("Unknown FETCH modifier " + modifier);
                }
            } while (a.skip(' '));
            a.expect(')');
        }
        a.end();
        if (vanished && (!r.uid() || changedSince < 0 || !session.qresync())) {
            // RFC 7162 section 3.2.6
            throw new ImapSyntaxException("VANISHED needs UID FETCH, CHANGEDSINCE and ENABLE QRESYNC");
        }
        if (changedSince >= 0) {
            session.enableCondStore();
        }
        if (r.uid() && items.stream().noneMatch(i -> i.name().equals("UID"))) {
            items.add(0, FetchItem.simple("UID"));
        }
        if (changedSince >= 0 && items.stream().noneMatch(i -> i.name().equals("MODSEQ"))) {
            items.add(FetchItem.simple("MODSEQ"));
        }
        SelectedMailbox mailbox = session.selected();
        if (vanished) {
            session.vanishedEarlier(mailbox, set, changedSince);
        }
        long since = changedSince;
        List<Integer> seqs = mailbox.select(set, r.uid()).stream()
                .filter(seq -> since < 0 || mailbox.message(seq).modSeq() > since).toList();
        boolean marksSeen = !mailbox.readOnly() && mailbox.ref().has('s')
                && items.stream().anyMatch(i -> i.section() != null && !i.peek());
        Set<Long> markedSeen = marksSeen ? markSeen(mailbox, seqs) : Set.of();
        List<FetchItem> withFlags = new ArrayList<>(items);
        if (items.stream().noneMatch(i -> i.name().equals("FLAGS"))) {
            withFlags.add(FetchItem.simple("FLAGS"));
        }
        for (int seq : seqs) {
            StoredMessage m = mailbox.message(seq);
            write(seq, m, markedSeen.contains(m.uid()) ? withFlags : items);
        }
        session.ok(r);
    }

    /** Sets \Seen on the messages that lack it, all in one change; returns their UIDs. */
    private Set<Long> markSeen(SelectedMailbox mailbox, List<Integer> seqs) throws IOException {
        List<Long> unseen = seqs.stream().map(mailbox::message).filter(m -> !m.flags().contains("\\Seen"))
                .map(StoredMessage::uid).toList();
        if (unseen.isEmpty()) {
            return Set.of();
        }
        FlagUpdate update = session.store().updateFlags(mailbox.ref().owner(), mailbox.ref().name(), unseen,
                FlagChange.ADD, Set.of("\\Seen"), OptionalLong.empty());
        mailbox.updated(update.changed());
        return update.changed().stream().map(StoredMessage::uid).collect(Collectors.toSet());
    }

    private void write(int seq, StoredMessage m, List<FetchItem> items) throws IOException, CommandFailed {
        // the flags are rendered (and new keywords announced) only when the client asked for them
        String flags = null;
        if (items.stream().anyMatch(i -> i.name().equals("FLAGS"))) {
            session.announceKeywords(m);
            flags = session.selected().flags(seq);
        }
        ResponseBuilder head = new ResponseBuilder().number(seq).raw(" FETCH (");
        MessageContents.Content content = session.contents().of(m);
        FetchItem streamed = null;
        boolean first = true;
        for (FetchItem item : items) {
            if (item.section() != null && item.section().equals(Section.WHOLE)
                    && item.partialStart() < 0 && streamed == null) {
                streamed = item;
                continue;
            }
            if (!first) {
                head.sp();
            }
            first = false;
            item(head, m, flags, item, content);
        }
        if (streamed == null) {
            session.out().untagged(head.raw(")"));
            return;
        }
        if (!first) {
            head.sp();
        }
        head.raw(streamed.label() + " ");
        try (InputStream in = session.contents().open(m)) {
            session.out().untaggedWithLiteral(head, in, m.size(), new ResponseBuilder().raw(")"));
        }
    }

    /** One item; the message text is read only for the items that need it, the header alone for ENVELOPE. */
    private static void item(ResponseBuilder out, StoredMessage m, String flags, FetchItem item,
            MessageContents.Content content) throws IOException, CommandFailed {
        switch (item.name()) {
            case "UID" -> out.raw("UID ").number(m.uid());
            case "FLAGS" -> out.raw("FLAGS (").raw(flags).raw(")");
            case "INTERNALDATE" -> out.raw("INTERNALDATE \"").raw(INTERNAL_DATE.format(m.internalDate())).raw("\"");
            case "RFC822.SIZE" -> out.raw("RFC822.SIZE ").number(m.size());
            case "MODSEQ" -> out.raw("MODSEQ (").number(Math.max(1, m.modSeq())).raw(")");
            case "EMAILID" -> out.raw("EMAILID (").raw(m.emailId()).raw(")");
            // RFC 8474 section 5.2: a server that does not thread messages says NIL
            case "THREADID" -> out.raw("THREADID NIL");
            case "PREVIEW" -> out.raw("PREVIEW ").string(Preview.of(content.bytes(), content.structure()));
            case "BINARY[]", "BINARY.SIZE" -> binary(out, item, content.bytes(), content.structure());
            case "SAVEDATE" -> out.raw(m.savedAt() == null ? "SAVEDATE NIL"
                    : "SAVEDATE \"" + INTERNAL_DATE.format(m.savedAt()) + "\"");
            case "ENVELOPE" -> EnvelopeWriter.write(out.raw("ENVELOPE "), content.headers());
            case "BODY" -> BodyStructureWriter.write(out.raw("BODY "), content.structure(), false);
            case "BODYSTRUCTURE" -> BodyStructureWriter.write(out.raw("BODYSTRUCTURE "), content.structure(), true);
            default -> section(out, item, content.bytes(), content.structure());
        }
    }

    /** RFC 3516 section 4.2: a part decoded from its transfer encoding, or its decoded size. */
    private static void binary(ResponseBuilder out, FetchItem item, byte[] text, MimePart structure)
            throws CommandFailed {
        byte[] bytes;
        if (item.section().path().isEmpty()) {
            bytes = text;
        } else {
            MimePart part = SectionReader.find(structure, item.section().path()).orElse(null);
            bytes = part == null ? new byte[0] : TransferEncoding.decode(text, part).orElseThrow(() ->
                    new CommandFailed("UNKNOWN-CTE", "Cannot decode part " + item.section()));
        }
        if (item.name().equals("BINARY.SIZE")) {
            out.raw(item.label()).sp().number(bytes.length);
            return;
        }
        out.raw(item.label()).sp().binary(partial(bytes, item));
    }

    private static byte[] partial(byte[] bytes, FetchItem item) {
        if (item.partialStart() < 0) {
            return bytes;
        }
        int from = (int) Math.min(item.partialStart(), bytes.length);
        int to = (int) Math.min((long) from + item.partialLength(), bytes.length);
        return Arrays.copyOfRange(bytes, from, to);
    }

    private static void section(ResponseBuilder out, FetchItem item, byte[] text, MimePart structure) {
        out.raw(item.label()).sp().literal(partial(SectionReader.read(text, structure, item.section()), item));
    }

    /** An unsolicited or STORE response: the flags of one message, with its UID and MODSEQ. */
    static ResponseBuilder flagsResponse(SelectedMailbox mailbox, int seq, boolean uid, boolean modSeq) {
        StoredMessage m = mailbox.message(seq);
        ResponseBuilder b = new ResponseBuilder().number(seq).raw(" FETCH (");
        if (uid) {
            b.raw("UID ").number(m.uid()).sp();
        }
        b.raw("FLAGS (").raw(mailbox.flags(seq)).raw(")");
        if (modSeq) {
            b.raw(" MODSEQ (").number(Math.max(1, m.modSeq())).raw(")");
        }
        return b.raw(")");
    }
}
