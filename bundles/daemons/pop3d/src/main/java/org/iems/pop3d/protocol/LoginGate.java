package org.iems.pop3d.protocol;

import org.iems.api.auth.AuthenticationResult;

/** Checks a login the way the connection allows: throttled per client, logged once. */
@FunctionalInterface
public interface LoginGate {

    /**
     * Checks a user's password.
     *
     * @param login the login name as the client sent it
     * @param password the password
     * @return the outcome (a bad-credentials outcome when the client is throttled)
     */
    AuthenticationResult login(String login, char[] password);
}
