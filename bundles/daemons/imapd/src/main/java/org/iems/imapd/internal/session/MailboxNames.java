package org.iems.imapd.internal.session;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.iems.api.store.MessageStore;
import org.iems.imapd.protocol.Arguments;
import org.iems.imapd.protocol.ImapSyntaxException;
import org.iems.imapd.protocol.InvalidMailboxNameException;
import org.iems.imapd.protocol.ModifiedUtf7;

/**
 * Mailbox names between the wire and the store: modified UTF-7 on the wire (RFC 3501 section
 * 5.1.3), or UTF-8 once the client enabled UTF8=ACCEPT (RFC 9755) or IMAP4rev2 (RFC 9051 section
 * 5.1), Unicode in the store; {@code INBOX} in any case is the INBOX (section 5.1); the
 * hierarchy separator is {@code /}. Also the special-use attributes (RFC 6154) of the mailboxes
 * the store gives roles to, and LIST patterns.
 */
final class MailboxNames {

    /** The mailboxes the store gives special-use roles, created when first used. */
    static final List<String> SPECIAL_USE = List.of("Drafts", "Sent", "Trash", "Junk");

    /** INBOX and the special-use mailboxes exist for every account, in the store from first use. */
    static boolean createdOnFirstUse(String name) {
        return name.equals("INBOX") || SPECIAL_USE.contains(name);
    }

    /** The other users' namespace (RFC 2342): {@code Shared/<owner address>/<mailbox>}. */
    static final String SHARED_PREFIX = "Shared/";

    static final String SEPARATOR = String.valueOf(MessageStore.HIERARCHY_SEPARATOR);

    private MailboxNames() {
    }

    /**
     * Reads a mailbox name argument: a string that is not one is a syntax error (BAD); a string
     * that is not valid modified UTF-7 names no mailbox that can exist (NO [CANNOT]).
     */
    static String read(Arguments args, boolean utf8) throws ImapSyntaxException, CommandFailed {
        String wire = args.astring();
        try {
            return canonical(decode(wire, utf8));
        } catch (InvalidMailboxNameException e) {
            throw new CommandFailed("CANNOT", e.getMessage());
        }
    }

    /** A name (or LIST pattern) as sent, in Unicode. */
    static String decode(String wire, boolean utf8) throws InvalidMailboxNameException {
        return utf8 ? wire : ModifiedUtf7.decode(wire);
    }

    static String canonical(String name) {
        if (name.equalsIgnoreCase("INBOX")) {
            return "INBOX";
        }
        if (name.regionMatches(true, 0, "INBOX/", 0, 6)) {
            return "INBOX" + name.substring(5);
        }
        return name;
    }

    static String wire(String name, boolean utf8) {
        return utf8 ? name : ModifiedUtf7.encode(name);
    }

    /** The special-use attributes of the mailboxes the store treats as special (its roles), by name. */
    static final Map<String, String> SPECIAL_USES = Map.of("Drafts", "\\Drafts", "Sent", "\\Sent", "Trash",
            "\\Trash", "Junk", "\\Junk");

    /**
     * A LIST pattern (RFC 3501 section 6.3.8): {@code *} matches anything, {@code %} anything but
     * the separator; INBOX matches in any case.
     */
    static Predicate<String> pattern(String reference, String pattern) {
        String whole = reference + pattern;
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < whole.length(); i++) {
            char c = whole.charAt(i);
            if (c == '*') {
                regex.append(".*");
            } else if (c == '%') {
                regex.append("[^/]*");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        Pattern compiled = Pattern.compile(regex.toString(), Pattern.DOTALL);
        boolean inboxPrefix = whole.regionMatches(true, 0, "INBOX", 0, 5);
        return name -> compiled.matcher(inboxPrefix && name.startsWith("INBOX")
                ? whole.substring(0, 5) + name.substring(5) : name).matches();
    }
}
