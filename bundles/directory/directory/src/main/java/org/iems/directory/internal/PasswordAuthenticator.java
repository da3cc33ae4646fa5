package org.iems.directory.internal;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import org.iems.api.auth.AuthenticationResult;
import org.iems.api.auth.AuthenticationResult.Outcome;
import org.iems.api.auth.Authenticator;
import org.iems.api.auth.Protocol;
import org.iems.api.mail.DomainName;
import org.iems.api.mail.InvalidAddressException;
import org.iems.api.mail.MailAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks passwords against the stored Argon2id hashes. Unknown users cost one KDF run too,
 * so response time tells nothing about which accounts exist. A success is remembered for the
 * {@link LoginCache}'s time to live; the last-login time is written at most once a minute.
 */
final class PasswordAuthenticator implements Authenticator {

    private static final Logger LOG = LoggerFactory.getLogger(PasswordAuthenticator.class);

    private final Jdbc jdbc;
    private final DirectoryStore store;
    private final Supplier<DirectorySettings> settings;
    private final Clock clock;
    private final LoginCache cache;

    PasswordAuthenticator(Jdbc jdbc, DirectoryStore store, Supplier<DirectorySettings> settings, Clock clock) {
        this.jdbc = jdbc;
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.cache = new LoginCache(() -> settings.get().loginCacheTime(), clock);
    }

    @Override
    public MailAddress qualify(Protocol protocol, String login) {
        if (login == null || login.isBlank()) {
            throw new InvalidAddressException("empty login name");
        }
        String trimmed = login.strip();
        if (trimmed.indexOf('@') >= 0) {
            return MailAddress.parse(trimmed);
        }
        return MailAddress.parse(trimmed + "@" + settings.get().loginDomain(protocol).ascii());
    }

    @Override
    public AuthenticationResult authenticate(Protocol protocol, String login, char[] password) {
        PasswordHasher hasher = settings.get().hasher();
        MailAddress address;
        try {
            address = qualify(protocol, login);
        } catch (InvalidAddressException e) {
            hasher.verifyNothing(password);
            return new AuthenticationResult(Outcome.MALFORMED_LOGIN, null);
        }
        Optional<DirectoryStore.Credentials> found = jdbc.transaction(c -> {
            Optional<DirectoryStore.Credentials> exact = store.findCredentials(c, address);
            if (exact.isPresent()) {
                return exact;
            }
            Optional<DomainName> aliasedTo = store.domainAliasTarget(c, address.domain());
            return aliasedTo.isPresent() ? store.findCredentials(c, address.withDomain(aliasedTo.get())) : exact;
        });
        if (found.isEmpty()) {
            hasher.verifyNothing(password);
            LOG.debug("{} login failed for {}: no such account", protocol, address);
            return new AuthenticationResult(Outcome.BAD_CREDENTIALS, null);
        }
        DirectoryStore.Credentials credentials = found.get();
        String stored = credentials.passwordHash();
        if (cache.verifiedRecently(credentials.address(), stored, password)) {
            LOG.debug("{} login of {} verified from the login cache", protocol, credentials.address());
        } else if (PasswordSchemes.legacy(stored) ? PasswordSchemes.verifyLegacy(password, stored)
                : hasher.verify(password, stored)) {
            cache.verified(credentials.address(), PasswordSchemes.legacy(stored)
                    ? upgrade(credentials.address(), stored, password, hasher) : stored, password);
        } else {
            cache.failed(credentials.address());
            jdbc.transaction(c -> {
                store.recordLoginFailure(c, credentials.address());
                return null;
            });
            LOG.debug("{} login failed for {}: wrong password", protocol, credentials.address());
            return new AuthenticationResult(Outcome.BAD_CREDENTIALS, null);
        }
        if (!credentials.enabled()) {
            LOG.debug("{} login refused for {}: account disabled", protocol, credentials.address());
            return new AuthenticationResult(Outcome.DISABLED, null);
        }
        if (cache.lastLoginDue(credentials.address())) {
            jdbc.transaction(c -> {
                store.recordLoginSuccess(c, credentials.address(), clock.instant());
                return null;
            });
        }
        return new AuthenticationResult(Outcome.SUCCESS, credentials.address());
    }

    /**
     * Replaces an imported hash of another scheme with an Argon2id hash of the password just
     * verified; returns the new hash.
     */
    private String upgrade(MailAddress account, String stored, char[] password, PasswordHasher hasher) {
        String argon2 = hasher.hash(new String(password));
        jdbc.transaction(c -> store.replacePassword(c, account, stored, argon2));
        LOG.info("Password hash of {} upgraded from {} to Argon2id", account, stored.substring(0, stored.indexOf('}') + 1));
        return argon2;
    }
}
