package org.iems.api.store;

import java.io.IOException;
import java.time.Instant;
import java.util.Set;
import org.iems.api.blob.BlobId;
import org.iems.api.mail.MailAddress;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The message store as delivery sees it (local delivery, a rule's fileinto, a list archive):
 * messages appended to an account's mailboxes, once per delivery key.
 *
 * @since 1.5
 */
@ProviderType
public interface MailDelivery {

    /**
     * Appends a message to a mailbox, creating a special-use mailbox on first use. Idempotent on
     * the delivery key: a second append with the same key stores nothing and returns the first
     * UID, so a delivery retried after a crash is stored once.
     *
     * @param account the owning account
     * @param mailbox the mailbox name ({@code INBOX}, or a path such as {@code INBOX/Lists})
     * @param body the message blob; the store holds it from now on
     * @param size the message size in bytes
     * @param flags system flags ({@code \Seen} …) and keywords to set
     * @param internalDate the internal date: the time of receipt, never rewritten later
     * @param deliveryKey a key unique to this delivery, or {@code null} for appends that may repeat
     * @return the message's UID in the mailbox
     * @throws QuotaExceededException if the account's quota (bytes or messages) does not allow it
     * @throws IOException on a storage failure
     */
    default long append(MailAddress account, String mailbox, BlobId body, long size, Set<String> flags,
            Instant internalDate, String deliveryKey) throws QuotaExceededException, IOException {
        return append(account, mailbox, "", body, size, flags, internalDate, deliveryKey);
    }

    /**
     * Appends a message with header fields of its own before the shared blob: final delivery's
     * {@code Return-Path:} (RFC 5321 section 4.4). The message's size and the quota count them.
     * Otherwise as {@link #append(MailAddress, String, BlobId, long, Set, Instant, String)}.
     *
     * @param account the owning account
     * @param mailbox the mailbox name
     * @param deliveryHeaders header fields, each ending in CRLF, or empty
     * @param body the message blob; the store holds it from now on
     * @param bodySize the blob's size in bytes
     * @param flags system flags and keywords to set
     * @param internalDate the internal date
     * @param deliveryKey a key unique to this delivery, or {@code null}
     * @return the message's UID in the mailbox
     * @throws QuotaExceededException if the account's quota does not allow it
     * @throws IOException on a storage failure
     */
    long append(MailAddress account, String mailbox, String deliveryHeaders, BlobId body, long bodySize,
            Set<String> flags, Instant internalDate, String deliveryKey) throws QuotaExceededException, IOException;
}
