package org.iems.imapd.internal.session;

import java.io.IOException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.iems.api.store.MailboxStatus;
import org.iems.api.store.NoSuchMailboxException;
import org.iems.api.store.QuotaExceededException;
import org.iems.api.store.StoredMessage;
import org.iems.imapd.protocol.Arguments;
import org.iems.imapd.protocol.ImapSyntaxException;
import org.iems.imapd.protocol.ImapUrl;
import org.iems.imapd.protocol.InvalidMailboxNameException;
import org.iems.imapd.protocol.Literal;
import org.iems.imapd.protocol.Section;
import org.iems.imapd.protocol.mime.MessageSource;
import org.iems.imapd.protocol.mime.SectionReader;
import org.iems.imapd.protocol.SequenceSet;

/**
 * APPEND (RFC 3501 section 6.3.11) with flags and internal date, answering APPENDUID (RFC 4315),
 * MULTIAPPEND (RFC 3502): several messages in one command, stored all or none, and CATENATE (RFC
 * 4469): a message put together from literals and parts of stored messages. Each literal arrived
 * spooled to a blob while the client sent it; a message of one literal is stored as it came.
 */
final class AppendCommand {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("d-MMM-yyyy HH:mm:ss Z",
            Locale.ENGLISH);

    private final ImapSession session;

    AppendCommand(ImapSession session) {
        this.session = session;
    }

    void append(ImapSession.Request r) throws ImapSyntaxException, IOException, CommandFailed {
        Arguments a = r.args();
        String name = session.mailboxName(a);
        List<Message> messages = new ArrayList<>();
        do {
            a.space();
            messages.add(message(a));
        } while (!a.atEnd());
        a.end();
        MailboxRef ref;
        try {
            ref = session.resolve(name);
        } catch (CommandFailed e) {
            throw new CommandFailed("TRYCREATE", "No such mailbox");
        }
        ref.require('i', "insert messages");
        List<StoredMessage> kept = new ArrayList<>();
        for (Message m : messages) {
            kept.add(m.parts().size() == 1 && m.parts().get(0) instanceof Literal text
                    ? new StoredMessage(0, session.contents().keep(text), text.size(), m.date(), m.flags(), 0)
                    : catenated(m));
        }
        List<Long> uids;
        try {
            // one transaction: all of a MULTIAPPEND are stored, or none (RFC 3502 section 6.3.11)
            uids = session.store().copy(ref.owner(), ref.name(), kept);
        } catch (NoSuchMailboxException e) {
            throw new CommandFailed("TRYCREATE", "No such mailbox");
        } catch (QuotaExceededException e) {
            throw new CommandFailed("OVERQUOTA", "Quota exceeded");
        }
        MailboxStatus status = session.store().status(ref.owner(), ref.name()).orElseThrow();
        session.ok(r, "APPENDUID " + status.uidValidity() + " " + SequenceSet.of(uids));
    }

    /**
     * One message of the command: its flags, its internal date and what its text is made of, a
     * literal, or the {@link Literal}s and {@link ImapUrl}s of CATENATE.
     */
    private record Message(Set<String> flags, Instant date, List<Object> parts) {
    }

    /**
     * CATENATE (RFC 4469): the text parts and the messages or sections the URLs name, one after
     * the other, in a new blob; a URL must name a message in a mailbox the user may read, with the
     * UIDVALIDITY it gives, else {@code NO [BADURL url]}; the whole may not exceed APPENDLIMIT.
     */
    private StoredMessage catenated(Message m) throws IOException, CommandFailed {
        List<OctetSource> pieces = new ArrayList<>();
        long size = 0;
        for (Object part : m.parts()) {
            if (part instanceof Literal text) {
                pieces.add(() -> session.contents().open(text));
                size += text.size();
            } else {
                UrlPiece piece = resolve((ImapUrl) part);
                pieces.add(piece.source());
                size += piece.size();
            }
        }
        if (size > session.settings().appendLimit()) {
            throw new CommandFailed("TOOBIG", "The message would be larger than " + session.settings().appendLimit()
                    + " octets");
        }
        MessageContents.Joined joined = session.contents().join(pieces);
        return new StoredMessage(0, joined.id(), joined.size(), m.date(), m.flags(), 0);
    }

    private record UrlPiece(OctetSource source, long size) {
    }

    private UrlPiece resolve(ImapUrl url) throws IOException, CommandFailed {
        // RFC 4469 section 5: the URL that failed, in the response code
        String badUrl = "BADURL " + url.text().replace("]", "%5D");
        MailboxRef ref;
        try {
            ref = session.resolve(MailboxNames.decode(url.mailbox(), session.utf8()));
        } catch (InvalidMailboxNameException | CommandFailed e) {
            throw new CommandFailed(badUrl, "No such mailbox");
        }
        if (!ref.has('r')) {
            throw new CommandFailed(badUrl, "You may not read that mailbox");
        }
        Optional<MailboxStatus> status = session.store().status(ref.owner(), ref.name());
        if (status.isEmpty() || url.uidValidity() != 0 && url.uidValidity() != status.get().uidValidity()) {
            throw new CommandFailed(badUrl, "No such mailbox, or its UIDVALIDITY changed");
        }
        List<StoredMessage> found = session.store().messages(ref.owner(), ref.name(), url.uid(), 1);
        if (found.isEmpty() || found.get(0).uid() != url.uid()) {
            throw new CommandFailed(badUrl, "No such message");
        }
        MessageContents.Content content = session.contents().of(found.get(0));
        SectionReader.Range range = SectionReader.Range.whole(found.get(0).size());
        if (!url.section().equals(Section.WHOLE)) {
            Optional<SectionReader.Range> section = SectionReader.range(content.structure(), url.section());
            if (section.isEmpty() || section.get().picksFields()) {
                throw new CommandFailed(badUrl, "No such section, or one that is not a range of the message");
            }
            range = section.get();
        }
        SectionReader.Range cut = range.cut(url.partialStart(), url.partialLength());
        MessageSource source = content.source();
        return new UrlPiece(() -> source.open(cut.from(), cut.to()), cut.length());
    }

    private static Message message(Arguments a) throws ImapSyntaxException {
        Set<String> flags = new HashSet<>();
        if (a.peek() == '(') {
            flags.addAll(a.flagList());
            a.space();
        }
        Instant date = Instant.now();
        if (a.peek() == '"') {
            date = dateTime(a.string());
            a.space();
        }
        List<Object> parts = new ArrayList<>();
        if (a.lookingAt("UTF8 (")) {
            // RFC 9755 section 4: a message with UTF-8 header fields, as a literal8 in UTF8 (...)
            a.keyword();
            a.space();
            a.expect('(');
            parts.add(a.literal());
            a.expect(')');
        } else if (a.lookingAt("CATENATE (")) {
            a.keyword();
            a.space();
            a.expect('(');
            do {
                String kind = a.keyword();
                a.space();
                switch (kind) {
                    case "TEXT" -> parts.add(a.literal());
                    case "URL" -> parts.add(ImapUrl.parse(a.astring()));
                    default -> throw new ImapSyntaxException("CATENATE takes TEXT and URL parts, not " + kind);
                }
            } while (a.skip(' '));
            a.expect(')');
        } else {
            parts.add(a.literal());
        }
        flags.removeIf(f -> f.equalsIgnoreCase("\\Recent"));
        return new Message(SystemFlags.normalized(flags), date, parts);
    }

    private static Instant dateTime(String text) throws ImapSyntaxException {
        try {
            return ZonedDateTime.parse(text.strip(), DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new ImapSyntaxException("Invalid date-time (expected e.g. \"17-Jul-1996 02:44:25 -0700\")");
        }
    }
}
