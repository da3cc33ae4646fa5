package org.iems.imapd.internal.session;

import java.io.IOException;
import java.io.InputStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
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
import org.iems.imapd.protocol.mime.MessageSource;
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
        FetchResponse response = new FetchResponse(seq);
        MessageContents.Content content = session.contents().of(m);
        boolean first = true;
        for (FetchItem item : items) {
            if (!first) {
                response.text().sp();
            }
            first = false;
            item(response, m, flags, item, content);
        }
        session.out().untagged(response);
    }

    /**
     * One item. The message text is read only for the items that need it: the header alone for
     * ENVELOPE, one pass for the structure, and of a section only its own octets, as it is sent.
     */
    private static void item(FetchResponse response, StoredMessage m, String flags, FetchItem item,
            MessageContents.Content content) throws IOException, CommandFailed {
        ResponseBuilder out = response.text();
        switch (item.name()) {
            case "UID" -> out.raw("UID ").number(m.uid());
            case "FLAGS" -> out.raw("FLAGS (").raw(flags).raw(")");
            case "INTERNALDATE" -> out.raw("INTERNALDATE \"").raw(INTERNAL_DATE.format(m.internalDate())).raw("\"");
            case "RFC822.SIZE" -> out.raw("RFC822.SIZE ").number(m.size());
            case "MODSEQ" -> out.raw("MODSEQ (").number(Math.max(1, m.modSeq())).raw(")");
            case "EMAILID" -> out.raw("EMAILID (").raw(m.emailId()).raw(")");
            // RFC 8474 section 5.2: a server that does not thread messages says NIL
            case "THREADID" -> out.raw("THREADID NIL");
            case "PREVIEW" -> out.raw("PREVIEW ").string(Preview.of(content.source(), content.structure()));
            case "BINARY[]", "BINARY.SIZE" -> binary(response, m, item, content);
            case "SAVEDATE" -> out.raw(m.savedAt() == null ? "SAVEDATE NIL"
                    : "SAVEDATE \"" + INTERNAL_DATE.format(m.savedAt()) + "\"");
            case "ENVELOPE" -> EnvelopeWriter.write(out.raw("ENVELOPE "), content.headers());
            case "BODY" -> BodyStructureWriter.write(out.raw("BODY "), content.structure(), false);
            case "BODYSTRUCTURE" -> BodyStructureWriter.write(out.raw("BODYSTRUCTURE "), content.structure(), true);
            default -> section(response, m, item, content);
        }
    }

    /** BODY[section]: its range of the message, streamed; the whole message needs no structure. */
    private static void section(FetchResponse response, StoredMessage m, FetchItem item,
            MessageContents.Content content) throws IOException {
        response.text().raw(item.label()).sp();
        MessageSource source = content.source();
        if (item.section().equals(Section.WHOLE)) {
            range(response, source, SectionReader.Range.whole(m.size()), item);
            return;
        }
        Optional<SectionReader.Range> range = SectionReader.range(content.structure(), item.section());
        if (range.isPresent() && !range.get().picksFields()) {
            range(response, source, range.get(), item);
            return;
        }
        response.text().literal(partial(SectionReader.read(source, content.structure(), item.section()), item));
    }

    /** A range of the message, cut to the partial fetch asked for, streamed from storage. */
    private static void range(FetchResponse response, MessageSource source, SectionReader.Range range,
            FetchItem item) {
        SectionReader.Range cut = range.cut(item.partialStart(), item.partialLength());
        response.literal(() -> source.open(cut.from(), cut.to()), cut.length(), false);
    }

    /**
     * RFC 3516 section 4.2: a part decoded from its transfer encoding, or its decoded size. The part
     * is decoded twice as it streams by, once to count its octets (and see whether it holds NUL,
     * which only a literal8 may carry), once to send them.
     */
    private static void binary(FetchResponse response, StoredMessage m, FetchItem item,
            MessageContents.Content content) throws IOException, CommandFailed {
        MessageSource source = content.source();
        OctetSource decoded;
        if (item.section().path().isEmpty()) {
            decoded = () -> source.open(0, m.size());
        } else {
            Optional<MimePart> part = SectionReader.find(content.structure(), item.section().path());
            if (part.isEmpty()) {
                decoded = () -> InputStream.nullInputStream();
            } else {
                if (!TransferEncoding.known(part.get())) {
                    throw new CommandFailed("UNKNOWN-CTE", "Cannot decode part " + item.section());
                }
                decoded = () -> TransferEncoding.decoding(source, part.get()).orElseThrow();
            }
        }
        long size = 0;
        boolean nul = false;
        try (InputStream in = decoded.open()) {
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                size += n;
                for (int i = 0; i < n && !nul; i++) {
                    nul = buffer[i] == 0;
                }
            }
        }
        response.text().raw(item.label()).sp();
        if (item.name().equals("BINARY.SIZE")) {
            response.text().number(size);
            return;
        }
        long start = item.partialStart() < 0 ? 0 : Math.min(item.partialStart(), size);
        long length = item.partialStart() < 0 ? size : Math.min(item.partialLength(), size - start);
        response.literal(() -> {
            InputStream in = decoded.open();
            in.skipNBytes(start);
            return in;
        }, length, nul);
    }

    private static byte[] partial(byte[] bytes, FetchItem item) {
        if (item.partialStart() < 0) {
            return bytes;
        }
        int from = (int) Math.min(item.partialStart(), bytes.length);
        int to = (int) Math.min((long) from + item.partialLength(), bytes.length);
        return Arrays.copyOfRange(bytes, from, to);
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
