package org.iems.imapd.internal.session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.iems.api.store.SharedMailbox;
import org.iems.imapd.protocol.Arguments;
import org.iems.imapd.protocol.ImapSyntaxException;
import org.iems.imapd.protocol.InvalidMailboxNameException;
import org.iems.imapd.protocol.ResponseBuilder;

/**
 * LIST with the LIST-EXTENDED selection and return options (RFC 5258), STATUS in LIST (RFC 5819),
 * special-use attributes (RFC 6154) and child attributes (RFC 3348); and LSUB (RFC 3501 section
 * 6.3.9). INBOX and the special-use mailboxes are always listed: the store creates them on first
 * use.
 */
final class ListCommand {

    private final ImapSession session;
    private final MailboxCommands mailboxes;

    ListCommand(ImapSession session, MailboxCommands mailboxes) {
        this.session = session;
        this.mailboxes = mailboxes;
    }

    /** The options of one LIST command. */
    private static final class Options {
        boolean subscribedOnly;
        boolean specialUseOnly;
        boolean recursiveMatch;
        boolean returnSubscribed;
        List<String> status = List.of();
    }

    void list(ImapSession.Request r) throws ImapSyntaxException, IOException, CommandFailed {
        Arguments a = r.args();
        boolean lsub = r.name().equals("LSUB");
        Options options = new Options();
        if (!lsub && a.skip('(')) {
            selection(a, options);
            a.space();
        }
        Optional<String> reference = decoded(a.astring());
        a.space();
        List<String> patterns = new ArrayList<>();
        if (!lsub && a.skip('(')) {
            do {
                decoded(a.listMailbox()).ifPresent(patterns::add);
            } while (a.skip(' '));
            a.expect(')');
        } else {
            decoded(a.listMailbox()).ifPresent(patterns::add);
        }
        if (!lsub && a.skip(' ')) {
            returns(a, options);
        }
        a.end();
        if (lsub) {
            options.subscribedOnly = true;
        }
        if (reference.isEmpty() || patterns.isEmpty()) {
            // names that are not modified UTF-7 match no mailbox: a valid question, answered with none
            session.ok(r);
            return;
        }
        if (patterns.size() == 1 && patterns.get(0).isEmpty()) {
            // RFC 3501 section 6.3.8: the delimiter, and the root of the reference's namespace
            session.out().untagged(new ResponseBuilder().raw(r.name() + " (\\Noselect) \"/\" ")
                    .astring(session.wire(root(reference.get()))));
            session.ok(r);
            return;
        }
        Map<String, MailboxRef> existing = visibleMailboxes();
        Map<String, String> uses = specialUses();
        Set<String> levels = sharedLevels(existing.keySet());
        Set<String> subscribed = options.subscribedOnly || options.returnSubscribed
                ? new TreeSet<>(session.store().subscriptions(session.user())) : Set.of();
        Set<String> candidates = new TreeSet<>(existing.keySet());
        candidates.addAll(levels);
        if (options.subscribedOnly) {
            candidates.addAll(subscribed);
        }
        List<Predicate<String>> matchers = new ArrayList<>();
        for (String pattern : patterns) {
            matchers.add(MailboxNames.pattern(reference.get(), pattern));
        }
        Set<String> cutParents = lsub ? cutParents(subscribed, matchers) : Set.of();
        candidates.addAll(cutParents);
        for (String name : candidates) {
            if (matchers.stream().noneMatch(m -> m.test(name))) {
                continue;
            }
            boolean isSubscribed = subscribed.contains(name);
            boolean subscribedChild = options.recursiveMatch
                    && subscribed.stream().anyMatch(s -> s.startsWith(name + MailboxNames.SEPARATOR));
            if (options.subscribedOnly && !isSubscribed && !subscribedChild && !cutParents.contains(name)) {
                continue;
            }
            if (options.specialUseOnly && !uses.containsKey(name)) {
                continue;
            }
            MailboxRef ref = existing.get(name);
            List<String> attributes = new ArrayList<>();
            if (cutParents.contains(name)) {
                attributes.add("\\Noselect");
            } else if (levels.contains(name)) {
                attributes.add("\\Noselect");
                attributes.add("\\HasChildren");
            } else if (ref == null) {
                if (!lsub) {
                    attributes.add("\\NonExistent");
                }
            } else if (!lsub) {
                boolean children = existing.keySet().stream()
                        .anyMatch(n -> n.startsWith(name + MailboxNames.SEPARATOR));
                attributes.add(children ? "\\HasChildren" : "\\HasNoChildren");
                if (uses.containsKey(name)) {
                    attributes.add(uses.get(name));
                }
            }
            if (!lsub && isSubscribed && (options.subscribedOnly || options.returnSubscribed)) {
                attributes.add("\\Subscribed");
            }
            ResponseBuilder line = new ResponseBuilder().raw(r.name() + " (" + String.join(" ", attributes)
                    + ") \"/\" ").astring(session.wire(name));
            if (subscribedChild && !isSubscribed) {
                line.raw(" (\"CHILDINFO\" (\"SUBSCRIBED\"))");
            }
            session.out().untagged(line);
            if (ref != null && ref.has('r') && !options.status.isEmpty()) {
                session.out().untagged(mailboxes.statusResponse(ref, session.existing(ref), options.status));
            }
        }
        session.ok(r);
    }

    /** A reference or pattern in Unicode; empty if it is not valid modified UTF-7. */
    private Optional<String> decoded(String wire) {
        try {
            return Optional.of(MailboxNames.decode(wire, session.utf8()));
        } catch (InvalidMailboxNameException e) {
            return Optional.empty();
        }
    }

    /** The root of the namespace a reference is in (RFC 2342): {@code Shared/} for others' mailboxes, else empty. */
    private static String root(String reference) {
        return (reference + MailboxNames.SEPARATOR).startsWith(MailboxNames.SHARED_PREFIX) ? MailboxNames.SHARED_PREFIX
                : "";
    }

    /**
     * LSUB's parents cut by {@code %} (RFC 3501 section 6.3.9): a subscribed name that no pattern
     * matches, because {@code %} stops at the hierarchy delimiter, shows as its nearest levels
     * that a pattern does match, flagged {@code \\Noselect}, unless they are subscribed themselves.
     */
    private static Set<String> cutParents(Set<String> subscribed, List<Predicate<String>> matchers) {
        Set<String> parents = new TreeSet<>();
        for (String name : subscribed) {
            if (matchers.stream().anyMatch(m -> m.test(name))) {
                continue;
            }
            for (int slash = name.indexOf(MailboxNames.SEPARATOR); slash > 0;
                    slash = name.indexOf(MailboxNames.SEPARATOR, slash + 1)) {
                String parent = name.substring(0, slash);
                if (!subscribed.contains(parent) && matchers.stream().anyMatch(m -> m.test(parent))) {
                    parents.add(parent);
                }
            }
        }
        return parents;
    }

    /**
     * The mailboxes the user may see: INBOX, the special-use ones, the user's own, and others'
     * the user has the right l on, under {@code Shared/<owner>/}.
     */
    /**
     * The special use of each of the user's mailboxes (RFC 6154): given with CREATE or SETMETADATA
     * ({@code /private/specialuse}), else that of the mailboxes the store treats as special.
     */
    private Map<String, String> specialUses() throws IOException {
        Map<String, String> uses = new HashMap<>(MailboxNames.SPECIAL_USES);
        session.store().annotationOfEach(session.user(), session.user(), MetadataCommands.SPECIAL_USE)
                .forEach((name, value) -> {
                    String use = new String(value, StandardCharsets.UTF_8).strip();
                    if (use.isEmpty()) {
                        uses.remove(name);
                    } else {
                        uses.put(name, use);
                    }
                });
        return uses;
    }

    private Map<String, MailboxRef> visibleMailboxes() throws IOException {
        Map<String, MailboxRef> visible = new TreeMap<>();
        List<String> own = new ArrayList<>(List.of("INBOX"));
        own.addAll(MailboxNames.SPECIAL_USE);
        own.addAll(session.store().mailboxes(session.user()));
        for (String name : own) {
            visible.put(name, new MailboxRef(session.user(), name, name, MailboxRef.ALL_RIGHTS));
        }
        for (SharedMailbox shared : session.store().sharedWith(session.user())) {
            if (shared.rights().indexOf('l') >= 0) {
                String name = MailboxNames.SHARED_PREFIX + shared.owner().key() + MailboxNames.SEPARATOR
                        + shared.name();
                visible.put(name, new MailboxRef(shared.owner(), shared.name(), name, shared.rights()));
            }
        }
        return visible;
    }

    /**
     * {@code Shared}, {@code Shared/<owner>} and the parents of shared mailboxes that are not
     * shared themselves: levels that hold shared mailboxes but are none the user may open.
     */
    private static Set<String> sharedLevels(Set<String> names) {
        Set<String> levels = new TreeSet<>();
        for (String name : names) {
            if (name.startsWith(MailboxNames.SHARED_PREFIX)) {
                for (int slash = name.indexOf('/'); slash > 0; slash = name.indexOf('/', slash + 1)) {
                    if (!names.contains(name.substring(0, slash))) {
                        levels.add(name.substring(0, slash));
                    }
                }
            }
        }
        return levels;
    }

    private static void selection(Arguments a, Options options) throws ImapSyntaxException {
        while (!a.skip(')')) {
            a.skip(' ');
            switch (a.keyword()) {
                case "SUBSCRIBED" -> options.subscribedOnly = true;
                case "SPECIAL-USE" -> options.specialUseOnly = true;
                case "RECURSIVEMATCH" -> options.recursiveMatch = true;
                case "REMOTE" -> {
                    // no remote mailboxes here (RFC 5258 section 3.1): nothing to add
                }
                default -> throw new ImapSyntaxException("Unknown LIST selection option");
            }
        }
        if (options.recursiveMatch && !options.subscribedOnly) {
            throw new ImapSyntaxException("RECURSIVEMATCH needs another selection option");
        }
    }

    private void returns(Arguments a, Options options) throws ImapSyntaxException {
        if (!a.keyword().equals("RETURN")) {
            throw new ImapSyntaxException("Expected RETURN");
        }
        a.space();
        a.expect('(');
        while (!a.skip(')')) {
            a.skip(' ');
            switch (a.keyword()) {
                case "SUBSCRIBED" -> options.returnSubscribed = true;
                case "CHILDREN", "SPECIAL-USE" -> {
                    // always returned
                }
                case "STATUS" -> {
                    a.space();
                    a.expect('(');
                    options.status = MailboxCommands.statusItems(a, session.rev2());
                }
                default -> throw new ImapSyntaxException("Unknown LIST return option");
            }
        }
    }
}
