package org.iems.api.auth;

import org.iems.api.mail.MailAddress;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Checks users' passwords. A login name without a domain is qualified with the protocol's
 * default login domain; a login under a domain alias finds the account under the aliased
 * domain. Password checks take the same time whether or not the user exists. Successful
 * logins update the account's last-login time; failed ones are counted.
 */
@ProviderType
public interface Authenticator {

    /**
     * Checks a login.
     *
     * @param protocol the service being logged in to
     * @param login the login name as the client sent it: {@code bart} or {@code bart@ima.com}
     * @param password the password as the client sent it
     * @return the outcome; never {@code null}
     */
    AuthenticationResult authenticate(Protocol protocol, String login, char[] password);

    /**
     * Qualifies a login name the way {@link #authenticate} does, without checking anything.
     *
     * @param protocol the service
     * @param login the login name
     * @return the address the login names
     * @throws org.iems.api.mail.InvalidAddressException if it is not a valid address
     */
    MailAddress qualify(Protocol protocol, String login);
}
