package org.iems.pop3d.protocol;

/**
 * One message of a maildrop as POP3 shows it.
 *
 * @param uid the store's UID, for removal
 * @param size the exact size in octets (RFC 1939 LIST)
 * @param uniqueId the UIDL unique-id: stays the same across sessions, never reused
 */
public record MaildropMessage(long uid, long size, String uniqueId) {
}
