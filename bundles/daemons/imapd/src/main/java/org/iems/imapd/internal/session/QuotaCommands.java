package org.iems.imapd.internal.session;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.iems.api.store.MailboxUsage;
import org.iems.imapd.protocol.ImapSyntaxException;
import org.iems.imapd.protocol.ResponseBuilder;

/**
 * QUOTA (RFC 9208) with the STORAGE and MESSAGE resources: each account has one quota root,
 * {@code ""}, over all its mailboxes; its limits are set by administrators (shell
 * {@code iems:user-quota}), so SETQUOTA is refused.
 */
final class QuotaCommands {

    /** The one quota root of an account. */
    static final String ROOT = "";

    private final ImapSession session;
    private final Accounts accounts;

    QuotaCommands(ImapSession session, Accounts accounts) {
        this.session = session;
        this.accounts = accounts;
    }

    void getQuotaRoot(ImapSession.Request r) throws ImapSyntaxException, IOException, CommandFailed {
        String name = session.mailboxName(r.args());
        r.args().end();
        MailboxRef ref = session.resolve(name);
        session.existing(ref);
        if (!ref.owner().equals(session.user())) {
            // another account's quota is not this user's to see
            session.out().untagged(new ResponseBuilder().raw("QUOTAROOT ").astring(session.wire(name)));
            session.ok(r);
            return;
        }
        List<String> resources = resources();
        session.out().untagged(new ResponseBuilder().raw("QUOTAROOT ").astring(session.wire(name))
                .raw(resources.isEmpty() ? "" : " \"\""));
        if (!resources.isEmpty()) {
            session.out().untagged("QUOTA \"\" (" + String.join(" ", resources) + ")");
        }
        session.ok(r);
    }

    void getQuota(ImapSession.Request r) throws ImapSyntaxException, IOException, CommandFailed {
        String root = r.args().astring();
        r.args().end();
        List<String> resources = resources();
        if (!root.equals(ROOT) || resources.isEmpty()) {
            throw new CommandFailed("NONEXISTENT", "No such quota root");
        }
        session.out().untagged("QUOTA \"\" (" + String.join(" ", resources) + ")");
        session.ok(r);
    }

    void setQuota(ImapSession.Request r) throws ImapSyntaxException, CommandFailed {
        r.args().astring();
        r.args().space();
        r.args().expect('(');
        while (!r.args().skip(')')) {
            r.args().skip(' ');
            r.args().atom();
            r.args().space();
            r.args().number(true);
        }
        r.args().end();
        throw new CommandFailed("NOPERM", "Quotas are set by the administrator");
    }

    /** STORAGE in units of 1024 octets, rounded up, and MESSAGE; only resources with a limit. */
    private List<String> resources() throws IOException {
        Accounts.Limits l = accounts.limits(session.user()).orElse(new Accounts.Limits(0, 0));
        MailboxUsage usage = session.store().usage(session.user());
        List<String> out = new ArrayList<>();
        if (l.bytes() > 0) {
            out.add("STORAGE " + (usage.bytes() + 1023) / 1024 + " " + l.bytes() / 1024);
        }
        if (l.messages() > 0) {
            out.add("MESSAGE " + usage.messages() + " " + l.messages());
        }
        return out;
    }
}
