package org.iems.smtpd.internal.connection;

import org.iems.api.auth.AuthenticationResult;
import org.iems.api.auth.Authenticator;
import org.iems.api.auth.Protocol;
import org.iems.api.mail.MailAddress;
import org.iems.api.net.Connection;

/**
 * Puts the connection's login throttle and login log line around the directory's
 * authentication: a client that failed too often is refused without its password being checked.
 */
final class ThrottledAuthenticator implements Authenticator {

    private final Authenticator directory;
    private final Connection connection;

    ThrottledAuthenticator(Authenticator directory, Connection connection) {
        this.directory = directory;
        this.connection = connection;
    }

    @Override
    public AuthenticationResult authenticate(Protocol protocol, String login, char[] password) {
        if (!connection.mayAttemptLogin()) {
            connection.loginAttempted("smtp", login + " (throttled)", false);
            return new AuthenticationResult(AuthenticationResult.Outcome.BAD_CREDENTIALS, null);
        }
        AuthenticationResult result = directory.authenticate(protocol, login, password);
        connection.loginAttempted("smtp", login, result.success());
        return result;
    }

    @Override
    public MailAddress qualify(Protocol protocol, String login) {
        return directory.qualify(protocol, login);
    }
}
