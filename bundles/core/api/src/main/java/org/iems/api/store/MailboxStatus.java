package org.iems.api.store;

/**
 * A mailbox's counters, as IMAP's SELECT and STATUS and POP3's unique ids need them.
 *
 * @param uidValidity the UIDVALIDITY: UIDs keep their meaning while it stays the same
 * @param uidNext the UID the next message will get
 * @param highestModSeq the highest MODSEQ given to any change in the mailbox (RFC 7162)
 * @param messages how many messages it holds
 * @param mailboxId the mailbox's object id (IMAP MAILBOXID, RFC 8474 section 4; a JMAP Mailbox id):
 *        unique in the store, kept through RENAME, never given to another mailbox
 */
public record MailboxStatus(long uidValidity, long uidNext, long highestModSeq, long messages, String mailboxId) {

    /**
     * Counters without an object id.
     *
     * @param uidValidity the UIDVALIDITY
     * @param uidNext the next UID
     * @param highestModSeq the highest MODSEQ
     * @param messages how many messages
     */
    public MailboxStatus(long uidValidity, long uidNext, long highestModSeq, long messages) {
        this(uidValidity, uidNext, highestModSeq, messages, "");
    }
}
