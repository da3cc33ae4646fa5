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
import java.util.Set;
import org.iems.api.store.MailboxStatus;
import org.iems.api.store.NoSuchMailboxException;
import org.iems.api.store.QuotaExceededException;
import org.iems.api.store.StoredMessage;
import org.iems.imapd.protocol.Arguments;
import org.iems.imapd.protocol.ImapSyntaxException;
import org.iems.imapd.protocol.Literal;
import org.iems.imapd.protocol.SequenceSet;

/**
 * APPEND (RFC 3501 section 6.3.11) with flags and internal date, answering APPENDUID (RFC 4315),
 * and MULTIAPPEND (RFC 3502): several messages in one command, stored all or none. Each message
 * arrived spooled to a blob while the client sent it; it is stored as it came.
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
            kept.add(new StoredMessage(0, session.contents().keep(m.text()), m.text().size(), m.date(), m.flags(), 0));
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

    /** One message of the command: its flags, its internal date and its text. */
    private record Message(Set<String> flags, Instant date, Literal text) {
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
        Literal text;
        if (a.lookingAt("UTF8 (")) {
            // RFC 9755 section 4: a message with UTF-8 header fields, as a literal8 in UTF8 (...)
            a.keyword();
            a.space();
            a.expect('(');
            text = a.literal();
            a.expect(')');
        } else {
            text = a.literal();
        }
        flags.removeIf(f -> f.equalsIgnoreCase("\\Recent"));
        return new Message(SystemFlags.normalized(flags), date, text);
    }

    private static Instant dateTime(String text) throws ImapSyntaxException {
        try {
            return ZonedDateTime.parse(text.strip(), DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new ImapSyntaxException("Invalid date-time (expected e.g. \"17-Jul-1996 02:44:25 -0700\")");
        }
    }
}
