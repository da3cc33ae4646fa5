package org.iems.imapd.internal.session;

import org.iems.api.store.MessageStore;

/**
 * What every IMAP session works with, shared by all of them.
 *
 * @param store the mailboxes
 * @param contents message texts and their MIME structure
 * @param listings the message lists of recently used mailboxes
 * @param accounts the accounts: ACL identifiers, quota limits
 */
public record SessionServices(MessageStore store, MessageContents contents, MailboxListings listings,
        Accounts accounts) {
}
