package org.iems.imapd.internal.session;

import java.io.IOException;
import java.util.Optional;
import java.util.SortedMap;
import org.iems.api.mail.InvalidAddressException;
import org.iems.api.mail.MailAddress;
import org.iems.api.store.MailboxExistsException;
import org.iems.api.store.MailboxStatus;
import org.iems.api.store.MessageStore;
import org.iems.api.store.NoSuchMailboxException;

/**
 * Turns the mailbox names a user's client sends into mailboxes of the store: the user's own, or
 * under {@code Shared/<owner>/} (RFC 2342's other users' namespace) another account's that
 * granted the user rights on it (RFC 4314).
 */
final class MailboxResolver {

    private final MessageStore store;
    private final MailAddress account;

    MailboxResolver(MessageStore store, MailAddress account) {
        this.store = store;
        this.account = account;
    }

    /**
     * Finds the mailbox a client's name means: one of the user's, or under {@code Shared/<owner>/}
     * one of another account that granted the user rights on it. A mailbox the user may neither
     * see nor read is reported as not existing, so its existence is not given away.
     */
    MailboxRef resolve(String visibleName) throws IOException, CommandFailed {
        if (!visibleName.startsWith(MailboxNames.SHARED_PREFIX)) {
            return new MailboxRef(account, visibleName, visibleName, MailboxRef.ALL_RIGHTS);
        }
        String rest = visibleName.substring(MailboxNames.SHARED_PREFIX.length());
        int slash = rest.indexOf('/');
        MailAddress owner;
        try {
            owner = MailAddress.parse(slash < 0 ? rest : rest.substring(0, slash));
        } catch (InvalidAddressException e) {
            throw new CommandFailed("NONEXISTENT", "No such mailbox");
        }
        if (slash < 0 || owner.equals(account)) {
            throw new CommandFailed("NONEXISTENT", "No such mailbox");
        }
        String name = MailboxNames.canonical(rest.substring(slash + 1));
        SortedMap<String, String> acl;
        try {
            acl = store.rights(owner, name);
        } catch (NoSuchMailboxException e) {
            throw new CommandFailed("NONEXISTENT", "No such mailbox");
        }
        String rights = acl.getOrDefault(account.key(), "") + acl.getOrDefault(MessageStore.ANYONE, "");
        if (rights.indexOf('l') < 0 && rights.indexOf('r') < 0) {
            throw new CommandFailed("NONEXISTENT", "No such mailbox");
        }
        return new MailboxRef(owner, name, visibleName, rights);
    }

    /**
     * The counters of a mailbox that exists; the user's INBOX and special-use mailboxes are
     * created on first use.
     */
    MailboxStatus existing(MailboxRef mailbox, String missingCode) throws IOException, CommandFailed {
        Optional<MailboxStatus> status = store.status(mailbox.owner(), mailbox.name());
        if (status.isEmpty() && mailbox.owner().equals(account) && MailboxNames.createdOnFirstUse(mailbox.name())) {
            try {
                store.createMailbox(account, mailbox.name());
            } catch (MailboxExistsException createdMeanwhile) {
                // another session created it between the two calls: it exists, which is all we need
            }
            status = store.status(account, mailbox.name());
        }
        return status.orElseThrow(() -> new CommandFailed(missingCode, "No such mailbox"));
    }
}
