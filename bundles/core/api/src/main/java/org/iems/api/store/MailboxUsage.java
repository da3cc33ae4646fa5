package org.iems.api.store;

/**
 * What an account's mailboxes hold, as its quota counts it.
 *
 * @param bytes octets stored
 * @param messages messages stored
 */
public record MailboxUsage(long bytes, long messages) {
}
