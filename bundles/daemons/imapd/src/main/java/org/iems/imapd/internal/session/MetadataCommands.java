package org.iems.imapd.internal.session;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import org.iems.api.mail.MailAddress;
import org.iems.imapd.protocol.Arguments;
import org.iems.imapd.protocol.ImapSyntaxException;
import org.iems.imapd.protocol.MetadataEntry;
import org.iems.imapd.protocol.ResponseBuilder;

/**
 * GETMETADATA and SETMETADATA (RFC 5464 sections 4.2 and 4.3) on mailboxes and, with the empty
 * mailbox name, on the server. Private entries are the user's, shared ones everyone's who may
 * read the mailbox: reading needs the right {@code l} (private) or {@code r} (shared), writing
 * {@code l} (private) or {@code w} (shared); nobody writes the server's shared entries over IMAP.
 * A mailbox's {@code /private/specialuse} holds its special use (RFC 6154 section 4).
 */
final class MetadataCommands {

    /** The largest value kept, in octets. */
    static final int MAX_VALUE = 16 * 1024;
    /** The most entries one user keeps on one mailbox (or the server). */
    static final int MAX_ENTRIES = 200;
    static final String SPECIAL_USE = "/private/specialuse";
    /** The special uses a mailbox may be given (RFC 6154 section 2; \All and \Flagged are views IEMS does not make). */
    static final Set<String> USES = Set.of("\\Archive", "\\Drafts", "\\Junk", "\\Sent", "\\Trash");

    private final ImapSession session;

    MetadataCommands(ImapSession session) {
        this.session = session;
    }

    void getMetadata(ImapSession.Request r) throws ImapSyntaxException, IOException, CommandFailed {
        Arguments a = r.args();
        long maxSize = -1;
        int depth = 0;
        if (a.skip('(')) {
            do {
                String option = a.keyword();
                a.space();
                switch (option) {
                    case "MAXSIZE" -> maxSize = a.number(false);
                    case "DEPTH" -> {
                        String d = a.atom().toLowerCase(Locale.ROOT);
                        depth = switch (d) {
                            case "0" -> 0;
                            case "1" -> 1;
                            case "infinity" -> -1;
                            default -> throw new ImapSyntaxException("DEPTH is 0, 1 or infinity");
                        };
                    }
                    default -> throw new ImapSyntaxException("Unknown GETMETADATA option " + option);
                }
            } while (a.skip(' '));
            a.expect(')');
            a.space();
        }
        String mailbox = session.mailboxName(a);
        a.space();
        List<String> asked = new ArrayList<>();
        if (a.skip('(')) {
            do {
                asked.add(MetadataEntry.of(a.astring()));
            } while (a.skip(' '));
            a.expect(')');
        } else {
            asked.add(MetadataEntry.of(a.astring()));
        }
        a.end();
        Target target = target(mailbox);
        SortedMap<String, byte[]> all = session.store().annotations(target.owner(), target.name(), session.user());
        Map<String, byte[]> found = new LinkedHashMap<>();
        for (String entry : asked) {
            if (!target.mayRead(entry)) {
                continue;
            }
            found.putIfAbsent(entry, all.get(entry));
            for (Map.Entry<String, byte[]> e : all.entrySet()) {
                if (!e.getKey().equals(entry) && MetadataEntry.within(e.getKey(), entry, depth)) {
                    found.putIfAbsent(e.getKey(), e.getValue());
                }
            }
        }
        long longest = 0;
        ResponseBuilder response = new ResponseBuilder().raw("METADATA ").astring(session.wire(mailbox)).raw(" (");
        boolean first = true;
        for (Map.Entry<String, byte[]> e : found.entrySet()) {
            byte[] value = e.getValue();
            if (value != null && maxSize >= 0 && value.length > maxSize) {
                longest = Math.max(longest, value.length);
                continue;
            }
            if (!first) {
                response.sp();
            }
            first = false;
            response.astring(e.getKey()).sp();
            value(response, value);
        }
        if (!first) {
            session.out().untagged(response.raw(")"));
        }
        // RFC 5464 section 4.2.1: what MAXSIZE left out is told by the size of the largest
        session.ok(r, longest > 0 ? "METADATA LONGENTRIES " + longest : "");
    }

    void setMetadata(ImapSession.Request r) throws ImapSyntaxException, IOException, CommandFailed {
        Arguments a = r.args();
        String mailbox = session.mailboxName(a);
        a.space();
        a.expect('(');
        Map<String, byte[]> changes = new LinkedHashMap<>();
        do {
            String entry = MetadataEntry.of(a.astring());
            a.space();
            byte[] value;
            if (a.literalNext()) {
                value = a.literal().bytes();
            } else if (a.lookingAt("NIL")) {
                a.atom();
                value = null;
            } else {
                value = a.string().getBytes(StandardCharsets.UTF_8);
            }
            changes.put(entry, value);
        } while (a.skip(' '));
        a.expect(')');
        a.end();
        Target target = target(mailbox);
        for (Map.Entry<String, byte[]> change : changes.entrySet()) {
            target.requireWrite(change.getKey());
            if (change.getValue() != null && change.getValue().length > MAX_VALUE) {
                throw new CommandFailed("METADATA MAXSIZE " + MAX_VALUE, "Value too large");
            }
            if (change.getKey().equals(SPECIAL_USE) && target.name() != null) {
                checkUses(change.getValue());
            }
        }
        SortedMap<String, byte[]> existing = session.store().annotations(target.owner(), target.name(),
                session.user());
        long after = existing.size() + changes.entrySet().stream()
                .filter(c -> c.getValue() != null && !existing.containsKey(c.getKey())).count();
        if (after > MAX_ENTRIES) {
            throw new CommandFailed("METADATA TOOMANY", "Too many entries");
        }
        session.store().annotate(target.owner(), target.name(), session.user(), changes);
        session.ok(r);
    }

    /** A value as text when it is UTF-8 text (quoted if it can be), else as a literal or literal8 of its octets. */
    private static void value(ResponseBuilder response, byte[] value) {
        if (value == null) {
            response.raw("NIL");
            return;
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(value)).toString();
            if (text.indexOf('\0') < 0) {
                response.string(text);
                return;
            }
        } catch (CharacterCodingException notText) {
            // octets that are not UTF-8 go as they are
        }
        response.binary(value);
    }

    /** RFC 6154 section 5: special-use attributes the server does not offer are refused. */
    static void checkUses(byte[] value) throws CommandFailed {
        if (value == null) {
            return;
        }
        for (String use : new String(value, StandardCharsets.UTF_8).strip().split("\\s+")) {
            if (!use.isEmpty() && USES.stream().noneMatch(u -> u.equalsIgnoreCase(use))) {
                throw new CommandFailed("USEATTR", "Special use " + use + " is not offered");
            }
        }
    }

    /** The server (empty name) or a mailbox, with what the user may do to its entries. */
    private record Target(MailAddress owner, String name, MailboxRef ref) {

        boolean mayRead(String entry) {
            return ref == null || ref.has(entry.startsWith("/private/") ? 'l' : 'r');
        }

        void requireWrite(String entry) throws CommandFailed {
            boolean own = entry.startsWith("/private/");
            if (ref == null ? !own : !ref.has(own ? 'l' : 'w')) {
                throw new CommandFailed("NOPERM", "You may not change " + entry + " here");
            }
        }
    }

    private Target target(String mailbox) throws IOException, CommandFailed {
        if (mailbox.isEmpty()) {
            return new Target(null, null, null);
        }
        MailboxRef ref = session.resolve(mailbox);
        ref.require('l', "read metadata");
        session.existing(ref);
        return new Target(ref.owner(), ref.name(), ref);
    }
}
