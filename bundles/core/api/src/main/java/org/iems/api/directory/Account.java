package org.iems.api.directory;

import java.time.Instant;
import org.iems.api.mail.MailAddress;

/**
 * A mail account (a user with a mailbox). The password is never part of this value: the
 * directory keeps only a hash of it.
 *
 * @param address the account's address, which is also its login name
 * @param displayName the user's name, for display; may be empty
 * @param quotaBytes the mailbox size limit in bytes; 0 means unlimited
 * @param quotaMessages the most messages the mailboxes may hold; 0 means unlimited
 * @param enabled whether the account may log in and receive mail
 * @param created when the account was created
 * @param lastLogin when the account last logged in successfully; {@code null} if never
 * @param failedLogins failed login attempts since the last successful one
 */
public record Account(MailAddress address, String displayName, long quotaBytes, long quotaMessages, boolean enabled,
        Instant created, Instant lastLogin, int failedLogins) {
}
