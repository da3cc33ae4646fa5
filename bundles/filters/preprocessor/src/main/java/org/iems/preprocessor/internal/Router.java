package org.iems.preprocessor.internal;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.iems.api.blob.BlobRef;
import org.iems.api.directory.RecipientResolution;
import org.iems.api.directory.RecipientResolver;
import org.iems.api.mail.MailAddress;
import org.iems.api.queue.DsnNotify;
import org.iems.api.queue.EnvelopeRecipient;
import org.iems.api.queue.QueueEntry;
import org.iems.api.queue.RecipientState;
import org.iems.api.queue.RoutedRecipient;
import org.iems.api.queue.Routing;

/**
 * Routes each envelope recipient: an address the channel map names goes to its channel as it is;
 * the others through the directory: local accounts (directly, through aliases or domain aliases)
 * to the {@code local} channel, other domains to {@code smtp} or the channel the map gives their
 * domain; an unknown local address bounces. A mailbox reached through several recipients gets one
 * copy. An address that expands to several (an alias) and asked NOTIFY=SUCCESS is itself recorded
 * as delivered, "expanded" (RFC 3461 section 6.2.7.4), and its members carry no success request.
 */
final class Router {

    static final String LOCAL = "local";
    static final String SMTP = "smtp";

    private final RecipientResolver resolver;
    private final Supplier<ChannelMap> channels;

    Router(RecipientResolver resolver, Supplier<ChannelMap> channels) {
        this.resolver = resolver;
        this.channels = channels;
    }

    Routing route(QueueEntry entry, Map<String, String> tags, Optional<BlobRef> body) {
        List<RoutedRecipient> routed = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        ChannelMap map = channels.get();
        for (EnvelopeRecipient r : entry.envelope().recipients()) {
            Optional<String> direct = map.forAddress(r.address());
            if (direct.isPresent()) {
                if (seen.add(r.address().key())) {
                    routed.add(RoutedRecipient.to(r, r.address(), direct.get()));
                }
                continue;
            }
            RecipientResolution resolution = resolver.resolve(r.address());
            EnvelopeRecipient member = r;
            int finalRecipients = resolution.accounts().size() + resolution.remote().size()
                    + resolution.unresolved().size();
            if (finalRecipients > 1 && r.notifyOn().contains(DsnNotify.SUCCESS) && seen.add(r.address().key())) {
                // RFC 3461 6.2.7.4: the sender hears "expanded" for the alias, not of each member's delivery
                routed.add(finalState(r, r.address(), RecipientState.DELIVERED,
                        "2.0.0 expanded to " + finalRecipients + " recipients"));
                member = withoutSuccessNotice(r);
            }
            for (MailAddress account : resolution.accounts()) {
                if (seen.add(account.key())) {
                    routed.add(RoutedRecipient.to(member, account, LOCAL));
                }
            }
            for (MailAddress remote : resolution.remote()) {
                if (seen.add(remote.key())) {
                    routed.add(RoutedRecipient.to(member, remote, map.forDomain(remote.domain()).orElse(SMTP)));
                }
            }
            for (MailAddress dead : resolution.unresolved()) {
                if (seen.add(dead.key())) {
                    routed.add(finalState(member, dead, RecipientState.BOUNCED, "5.1.1 no such user here"));
                }
            }
        }
        return new Routing(tags, body, routed);
    }

    /** The recipient as its alias's members get it: NOTIFY without SUCCESS (NEVER if nothing else was asked). */
    private static EnvelopeRecipient withoutSuccessNotice(EnvelopeRecipient r) {
        Set<DsnNotify> rest = EnumSet.copyOf(r.notifyOn());
        rest.remove(DsnNotify.SUCCESS);
        return new EnvelopeRecipient(r.address(), rest.isEmpty() ? Set.of(DsnNotify.NEVER) : rest,
                r.originalRecipient());
    }

    /** Every recipient in one final state: a rejected or discarded message. */
    static Routing all(QueueEntry entry, RecipientState state, String reason) {
        List<RoutedRecipient> routed = new ArrayList<>();
        for (EnvelopeRecipient r : entry.envelope().recipients()) {
            routed.add(finalState(r, r.address(), state, reason));
        }
        return new Routing(Map.of(), Optional.empty(), routed);
    }

    private static RoutedRecipient finalState(EnvelopeRecipient r, MailAddress address, RecipientState state, String reason) {
        return new RoutedRecipient(r, address, Optional.empty(), Optional.of(state), Optional.of(reason));
    }
}
