package org.iems.api.store;

/** The special-use mailboxes every account has, created on first use (RFC 6154). */
public enum MailboxRole {
    /** INBOX, where new mail arrives. */
    INBOX,
    /** \Drafts. */
    DRAFTS,
    /** \Sent. */
    SENT,
    /** \Trash. */
    TRASH,
    /** \Junk. */
    JUNK
}
