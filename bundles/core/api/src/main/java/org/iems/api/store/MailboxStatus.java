package org.iems.api.store;

/**
 * A mailbox's counters, as IMAP's SELECT and STATUS and POP3's unique ids need them.
 *
 * @param uidValidity the UIDVALIDITY: UIDs keep their meaning while it stays the same
 * @param uidNext the UID the next message will get
 * @param highestModSeq the highest MODSEQ given to any change in the mailbox (RFC 7162)
 * @param messages how many messages it holds
 */
public record MailboxStatus(long uidValidity, long uidNext, long highestModSeq, long messages) {
}
