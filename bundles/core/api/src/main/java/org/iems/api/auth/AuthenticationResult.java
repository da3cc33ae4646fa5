package org.iems.api.auth;

import org.iems.api.mail.MailAddress;

/**
 * The outcome of a login attempt. Protocol servers tell the client only "success" or
 * "failure"; the {@link Outcome} is for the log.
 *
 * @param outcome what happened
 * @param account the account that logged in; {@code null} unless successful
 */
public record AuthenticationResult(Outcome outcome, MailAddress account) {

    /** What a login attempt came to. */
    public enum Outcome {
        /** Logged in. */
        SUCCESS,
        /** Unknown user or wrong password (not told apart, to the client or in timing). */
        BAD_CREDENTIALS,
        /** Right password, but the account is disabled. */
        DISABLED,
        /** The login name is not a valid address even after qualification. */
        MALFORMED_LOGIN
    }

    /**
     * Tells whether the login succeeded.
     *
     * @return {@code true} for {@link Outcome#SUCCESS}
     */
    public boolean success() {
        return outcome == Outcome.SUCCESS;
    }
}
