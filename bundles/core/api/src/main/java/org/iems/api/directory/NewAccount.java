package org.iems.api.directory;

import org.iems.api.mail.MailAddress;

/**
 * What it takes to create an account.
 *
 * @param address the account's address; its domain must be hosted
 * @param password the initial password in clear text, hashed (Argon2id) before it is stored; or
 *        a hash another server keeps, in Dovecot's notation: {@code {ARGON2ID}$argon2id$…},
 *        {@code {BLF-CRYPT}$2y$…} (bcrypt), {@code {SHA512-CRYPT}$6$…} or
 *        {@code {SSHA512}base64}, stored as it is and replaced by Argon2id at the account's
 *        next login. Text of the form {@code {WORD}…} with another word is refused as an
 *        unsupported scheme. Must not be empty
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
