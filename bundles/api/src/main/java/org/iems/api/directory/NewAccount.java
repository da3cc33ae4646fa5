package org.iems.api.directory;

import org.iems.api.mail.MailAddress;

/**
 * What it takes to create an account.
 *
 * @param address the account's address; its domain must be hosted
 * @param password the initial password in clear text; it is hashed before it is stored and
 *        must not be empty
 * @param displayName the user's name; may be empty
 * @param quotaBytes the mailbox size limit in bytes; 0 means unlimited, negative means the
 *        directory's configured default quota
 */
public record NewAccount(MailAddress address, String password, String displayName, long quotaBytes) {

    /** Quota value that asks for the directory's configured default. */
    public static final long DEFAULT_QUOTA = -1;

    /** Hides the password from logs and debuggers. */
    @Override
    public String toString() {
        return "NewAccount[" + address + ", " + displayName + ", quota=" + quotaBytes + "]";
    }
}
