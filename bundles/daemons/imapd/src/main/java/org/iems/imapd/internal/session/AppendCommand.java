package org.iems.imapd.internal.session;

import java.io.IOException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.iems.api.blob.BlobId;
import org.iems.api.store.MailboxStatus;
import org.iems.api.store.NoSuchMailboxException;
import org.iems.api.store.QuotaExceededException;
import org.iems.imapd.protocol.Arguments;
import org.iems.imapd.protocol.ImapSyntaxException;
import org.iems.imapd.protocol.Literal;

/**
 * APPEND (RFC 3501 section 6.3.11) with flags and internal date, answering APPENDUID (RFC 4315).
 * The message arrived spooled to a blob while the client sent it; it is stored as it came.
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
        String name = MailboxNames.read(a);
        a.space();
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
        Literal message = a.literal();
        a.end();
        flags.removeIf(f -> f.equalsIgnoreCase("\\Recent"));
        MailboxRef ref;
        try {
            ref = session.resolve(name);
        } catch (CommandFailed e) {
            throw new CommandFailed("TRYCREATE", "No such mailbox");
        }
        ref.require('i', "insert messages");
        BlobId body = session.contents().keep(message);
        long uid;
        try {
            uid = session.store().append(ref.owner(), ref.name(), body, message.size(), SystemFlags.normalized(flags),
                    date, null);
        } catch (NoSuchMailboxException e) {
            throw new CommandFailed("TRYCREATE", "No such mailbox");
        } catch (QuotaExceededException e) {
            throw new CommandFailed("OVERQUOTA", "Quota exceeded");
        }
        MailboxStatus status = session.store().status(ref.owner(), ref.name()).orElseThrow();
        session.ok(r, "APPENDUID " + status.uidValidity() + " " + uid);
    }

    private static Instant dateTime(String text) throws ImapSyntaxException {
        try {
            return ZonedDateTime.parse(text.strip(), DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new ImapSyntaxException("Invalid date-time (expected e.g. \"17-Jul-1996 02:44:25 -0700\")");
        }
    }
}
