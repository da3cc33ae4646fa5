package org.iems.directory.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.iems.api.directory.RecipientResolution;
import org.iems.api.directory.RecipientResolution.Kind;
import org.iems.api.directory.RecipientResolver;
import org.iems.api.mail.DomainName;
import org.iems.api.mail.MailAddress;

/**
 * Resolves recipients: an account or alias under the exact address wins; otherwise a one-way
 * domain alias rewrites the domain and the look-up starts again. Alias expansion is recursive,
 * bounded by the configured depth, and never visits an address twice (loops are cut).
 */
final class AliasResolver implements RecipientResolver {

    private final Jdbc jdbc;
    private final DirectoryStore store;
    private final Supplier<DirectorySettings> settings;

    AliasResolver(Jdbc jdbc, DirectoryStore store, Supplier<DirectorySettings> settings) {
        this.jdbc = jdbc;
        this.store = store;
        this.settings = settings;
    }

    @Override
    public RecipientResolution resolve(MailAddress recipient) {
        return jdbc.transaction(c -> resolve(c, recipient));
    }

    RecipientResolution resolve(Connection c, MailAddress recipient) throws SQLException {
        Expansion out = new Expansion();
        Kind kind = expand(c, recipient, 0, out);
        return new RecipientResolution(recipient, kind, out.accounts, out.remote, out.unresolved);
    }

    /**
     * Tells whether expanding the targets would reach the given address again: adding an alias
     * with these targets would make a loop.
     */
    boolean reaches(Connection c, List<MailAddress> targets, MailAddress address) throws SQLException {
        Expansion out = new Expansion();
        out.watched = address.key();
        for (MailAddress target : targets) {
            expand(c, target, 1, out);
        }
        return out.loopedBack;
    }

    private Kind expand(Connection c, MailAddress address, int depth, Expansion out) throws SQLException {
        if (address.key().equals(out.watched)) {
            out.loopedBack = true;
            return Kind.ALIAS;
        }
        if (!out.visited.add(address.key())) {
            return Kind.ALIAS; // reached before: a diamond or a loop, expanded once either way
        }
        Optional<DomainName> aliasedTo = store.domainAliasTarget(c, address.domain());
        if (!out.isHosted(c, store, address.domain()) && aliasedTo.isEmpty()) {
            out.remote.add(address);
            return Kind.REMOTE;
        }
        if (!store.existingAccountKeys(c, List.of(address.key())).isEmpty()) {
            out.accounts.add(address);
            return Kind.ACCOUNT;
        }
        Optional<List<MailAddress>> targets = store.aliasTargets(c, address);
        if (targets.isPresent()) {
            if (depth >= settings.get().maxAliasDepth()) {
                out.unresolved.add(address);
                return Kind.ALIAS;
            }
            for (MailAddress target : targets.get()) {
                expand(c, target, depth + 1, out);
            }
            return Kind.ALIAS;
        }
        if (aliasedTo.isPresent()) {
            return expand(c, address.withDomain(aliasedTo.get()), depth, out);
        }
        out.unresolved.add(address);
        return Kind.UNKNOWN;
    }

    /** What one resolution has collected so far. */
    private static final class Expansion {
        final List<MailAddress> accounts = new ArrayList<>();
        final List<MailAddress> remote = new ArrayList<>();
        final List<MailAddress> unresolved = new ArrayList<>();
        final Set<String> visited = new HashSet<>();
        String watched;
        boolean loopedBack;
        private final Map<DomainName, Boolean> hosted = new HashMap<>();

        /** Whether a domain is hosted, asked once per domain and resolution (one indexed look-up). */
        boolean isHosted(Connection c, DirectoryStore store, DomainName domain) throws SQLException {
            Boolean known = hosted.get(domain);
            if (known == null) {
                known = store.findDomain(c, domain).isPresent();
                hosted.put(domain, known);
            }
            return known;
        }
    }
}
