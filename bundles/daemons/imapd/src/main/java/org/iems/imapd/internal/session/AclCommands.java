package org.iems.imapd.internal.session;

import java.io.IOException;
import java.util.Map;
import java.util.SortedMap;
import org.iems.api.mail.InvalidAddressException;
import org.iems.api.mail.MailAddress;
import org.iems.api.store.MessageStore;
import org.iems.imapd.protocol.ImapSyntaxException;
import org.iems.imapd.protocol.ResponseBuilder;

/**
 * Access control (RFC 4314): SETACL, DELETEACL, GETACL, LISTRIGHTS and MYRIGHTS. Identifiers are
 * account addresses (a bare name means one in the user's own domain) or {@code anyone}; the
 * owner always has every right and cannot be given fewer. The obsolete rights of RFC 2086 are
 * read as RFC 4314 section 2.1.1 says: {@code c} as {@code k}, {@code d} as {@code xte}.
 */
final class AclCommands {

    private final ImapSession session;
    private final Accounts accounts;

    AclCommands(ImapSession session, Accounts accounts) {
        this.session = session;
        this.accounts = accounts;
    }

    void setAcl(ImapSession.Request r) throws ImapSyntaxException, IOException, CommandFailed {
        String name = session.mailboxName(r.args());
        r.args().space();
        String identifier = identifier(r.args().astring());
        r.args().space();
        String change = r.args().astring();
        r.args().end();
        MailboxRef ref = administered(name);
        char mode = change.isEmpty() ? '=' : change.charAt(0);
        String letters = rights(mode == '+' || mode == '-' ? change.substring(1) : change);
        String current = session.store().rights(ref.owner(), ref.name()).getOrDefault(identifier, "");
        String updated = switch (mode) {
            case '+' -> current + letters;
            case '-' -> current.chars().filter(c -> letters.indexOf(c) < 0)
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
            default -> letters;
        };
        session.store().setRights(ref.owner(), ref.name(), identifier, distinct(updated));
        session.ok(r);
    }

    void deleteAcl(ImapSession.Request r) throws ImapSyntaxException, IOException, CommandFailed {
        String name = session.mailboxName(r.args());
        r.args().space();
        String identifier = identifier(r.args().astring());
        r.args().end();
        MailboxRef ref = administered(name);
        session.store().setRights(ref.owner(), ref.name(), identifier, "");
        session.ok(r);
    }

    void getAcl(ImapSession.Request r) throws ImapSyntaxException, IOException, CommandFailed {
        String name = session.mailboxName(r.args());
        r.args().end();
        MailboxRef ref = administered(name);
        SortedMap<String, String> acl = session.store().rights(ref.owner(), ref.name());
        ResponseBuilder out = new ResponseBuilder().raw("ACL ").astring(session.wire(name)).sp()
                .astring(ref.owner().key()).sp().raw(MailboxRef.ALL_RIGHTS);
        for (Map.Entry<String, String> e : acl.entrySet()) {
            out.sp().astring(e.getKey()).sp().astring(e.getValue());
        }
        session.out().untagged(out);
        session.ok(r);
    }

    void listRights(ImapSession.Request r) throws ImapSyntaxException, IOException, CommandFailed {
        String name = session.mailboxName(r.args());
        r.args().space();
        String identifier = identifier(r.args().astring());
        r.args().end();
        MailboxRef ref = administered(name);
        boolean owner = identifier.equals(ref.owner().key());
        ResponseBuilder out = new ResponseBuilder().raw("LISTRIGHTS ").astring(session.wire(name)).sp()
                .astring(identifier).sp();
        if (owner) {
            out.raw(MailboxRef.ALL_RIGHTS);
        } else {
            out.raw("\"\"");
            for (char c : MailboxRef.ALL_RIGHTS.toCharArray()) {
                out.sp().raw(String.valueOf(c));
            }
        }
        session.out().untagged(out);
        session.ok(r);
    }

    void myRights(ImapSession.Request r) throws ImapSyntaxException, IOException, CommandFailed {
        String name = session.mailboxName(r.args());
        r.args().end();
        MailboxRef ref = session.resolve(name);
        session.existing(ref);
        session.out().untagged(new ResponseBuilder().raw("MYRIGHTS ").astring(session.wire(name)).sp()
                .raw(ref.rights()));
        session.ok(r);
    }

    /** A mailbox the user may administer (right a). */
    private MailboxRef administered(String name) throws IOException, CommandFailed {
        MailboxRef ref = session.resolve(name);
        session.existing(ref);
        ref.require('a', "administer rights");
        return ref;
    }

    /** An identifier as stored: an existing account's key, or {@code anyone}. */
    private String identifier(String text) throws CommandFailed {
        if (text.equalsIgnoreCase(MessageStore.ANYONE)) {
            return MessageStore.ANYONE;
        }
        MailAddress address;
        try {
            address = MailAddress.parse(text.contains("@") ? text : text + "@" + session.user().domain().ascii());
        } catch (InvalidAddressException e) {
            throw new CommandFailed("NONEXISTENT", "No such identifier: " + text);
        }
        if (accounts.limits(address).isEmpty()) {
            throw new CommandFailed("NONEXISTENT", "No such identifier: " + text);
        }
        return address.key();
    }

    /** Right letters, the obsolete ones mapped (RFC 4314 section 2.1.1). */
    private static String rights(String letters) throws ImapSyntaxException {
        StringBuilder out = new StringBuilder();
        for (char c : letters.toCharArray()) {
            if (c == 'c') {
                out.append('k');
            } else if (c == 'd') {
                out.append("xte");
            } else if (MailboxRef.ALL_RIGHTS.indexOf(c) >= 0) {
                out.append(c);
            } else {
                throw new ImapSyntaxException("Unknown right '" + c + "'");
            }
        }
        return out.toString();
    }

    private static String distinct(String rights) {
        StringBuilder out = new StringBuilder();
        for (char c : MailboxRef.ALL_RIGHTS.toCharArray()) {
            if (rights.indexOf(c) >= 0) {
                out.append(c);
            }
        }
        return out.toString();
    }
}
