package org.iems.testsupport;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.iems.api.auth.AuthenticationResult;
import org.iems.api.auth.Authenticator;
import org.iems.api.auth.Protocol;
import org.iems.api.directory.RecipientResolution;
import org.iems.api.directory.RecipientResolver;
import org.iems.api.mail.DomainName;
import org.iems.api.mail.MailAddress;

/**
 * A directory held in maps, for protocol tests that need recipients resolved and logins checked
 * but no database: hosted domains, domain aliases, accounts with clear-text passwords, and address
 * aliases one level deep. It follows the embedded directory's contract for these cases (tested in
 * the directory bundle); for anything more — nested aliases, quotas, hashing, grants — use the real
 * directory in an itest.
 */
public final class MemoryDirectory implements RecipientResolver, Authenticator {

    private final DomainName defaultLoginDomain;
    private final Set<DomainName> domains = new HashSet<>();
    private final Map<DomainName, DomainName> domainAliases = new HashMap<>();
    private final Map<String, MailAddress> accounts = new HashMap<>();
    private final Map<String, String> passwords = new HashMap<>();
    private final Map<String, List<MailAddress>> aliases = new HashMap<>();

    /**
     * @param localDomain the first hosted domain, also the domain of logins given without one
     */
    public MemoryDirectory(String localDomain) {
        this.defaultLoginDomain = DomainName.parse(localDomain);
        domains.add(defaultLoginDomain);
    }

    /** Hosts a domain; returns this directory. */
    public MemoryDirectory domain(String name) {
        domains.add(DomainName.parse(name));
        return this;
    }

    /** Makes a domain another name of a hosted one; returns this directory. */
    public MemoryDirectory domainAlias(String alias, String target) {
        domainAliases.put(DomainName.parse(alias), DomainName.parse(target));
        return this;
    }

    /** Adds an account; returns this directory. */
    public MemoryDirectory account(String address, String password) {
        MailAddress account = MailAddress.parse(address);
        accounts.put(account.key(), account);
        passwords.put(account.key(), password);
        return this;
    }

    /** Adds an address alias delivering to the targets; returns this directory. */
    public MemoryDirectory alias(String address, String... targets) {
        aliases.put(MailAddress.parse(address).key(), List.of(targets).stream().map(MailAddress::parse).toList());
        return this;
    }

    /** The address under its hosted domain, for an address under a domain alias. */
    private MailAddress canonical(MailAddress address) {
        DomainName target = domainAliases.get(address.domain());
        return target == null ? address : address.withDomain(target);
    }

    @Override
    public RecipientResolution resolve(MailAddress recipient) {
        MailAddress address = canonical(recipient);
        if (!domains.contains(address.domain())) {
            return new RecipientResolution(recipient, RecipientResolution.Kind.REMOTE, List.of(), List.of(recipient),
                    List.of());
        }
        MailAddress account = accounts.get(address.key());
        if (account != null) {
            return new RecipientResolution(recipient, RecipientResolution.Kind.ACCOUNT, List.of(account), List.of(),
                    List.of());
        }
        List<MailAddress> targets = aliases.get(address.key());
        if (targets == null) {
            return new RecipientResolution(recipient, RecipientResolution.Kind.UNKNOWN, List.of(), List.of(),
                    List.of(address));
        }
        List<MailAddress> local = new ArrayList<>();
        List<MailAddress> remote = new ArrayList<>();
        List<MailAddress> unresolved = new ArrayList<>();
        for (MailAddress target : targets) {
            MailAddress t = canonical(target);
            if (!domains.contains(t.domain())) {
                remote.add(target);
            } else if (accounts.containsKey(t.key())) {
                local.add(accounts.get(t.key()));
            } else {
                unresolved.add(target);
            }
        }
        return new RecipientResolution(recipient, RecipientResolution.Kind.ALIAS, local, remote, unresolved);
    }

    @Override
    public MailAddress qualify(Protocol protocol, String login) {
        return MailAddress.parse(login.contains("@") ? login : login + "@" + defaultLoginDomain.ascii());
    }

    @Override
    public AuthenticationResult authenticate(Protocol protocol, String login, char[] password) {
        MailAddress address;
        try {
            address = canonical(qualify(protocol, login));
        } catch (IllegalArgumentException e) {
            return new AuthenticationResult(AuthenticationResult.Outcome.MALFORMED_LOGIN, null);
        }
        String expected = passwords.get(address.key());
        return expected != null && expected.equals(new String(password))
                ? new AuthenticationResult(AuthenticationResult.Outcome.SUCCESS, accounts.get(address.key()))
                : new AuthenticationResult(AuthenticationResult.Outcome.BAD_CREDENTIALS, null);
    }

    /**
     * Whether an account may give an envelope sender: its own address (under any domain alias), or
     * an alias that delivers to it.
     *
     * @param account the authenticated account
     * @param sender the sender it gives
     * @return whether it owns it
     */
    public boolean maySendAs(MailAddress account, MailAddress sender) {
        return resolve(sender).accounts().contains(account);
    }
}
