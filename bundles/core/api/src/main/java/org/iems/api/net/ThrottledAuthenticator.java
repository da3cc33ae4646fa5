package org.iems.api.net;

import org.iems.api.auth.AuthenticationResult;
import org.iems.api.auth.Authenticator;
import org.iems.api.auth.Protocol;
import java.util.Locale;
import org.iems.api.mail.MailAddress;

/**
 * Puts a connection's login throttle and login log line around the directory's authentication,
 * for every protocol that takes passwords: the reply to a client or account that failed too often
 * waits (see {@link Connection#beforeLogin}), and each attempt is one {@code login:} line naming
 * the protocol.
 */
public final class ThrottledAuthenticator implements Authenticator {

    private final Authenticator directory;
    private final Connection connection;

    /**
     * @param directory checks the passwords
     * @param connection the client's connection: its throttle and its log line
     */
    public ThrottledAuthenticator(Authenticator directory, Connection connection) {
        this.directory = directory;
        this.connection = connection;
    }

    @Override
    public AuthenticationResult authenticate(Protocol protocol, String login, char[] password) {
        String name = protocol.name().toLowerCase(Locale.ROOT);
        connection.beforeLogin(login);
        AuthenticationResult result = directory.authenticate(protocol, login, password);
        connection.loginAttempted(name, login, result.success());
        return result;
    }

    @Override
    public MailAddress qualify(Protocol protocol, String login) {
        return directory.qualify(protocol, login);
    }
}
