package org.iems.api.store;

import org.iems.api.mail.MailAddress;

/**
 * A mailbox of another account that an account has rights on (RFC 4314 access control).
 *
 * @param owner the account that owns it
 * @param name its name in the owner's account
 * @param rights the rights granted, as RFC 4314 letters ({@code lrswipkxtea})
 */
public record SharedMailbox(MailAddress owner, String name, String rights) {
}
