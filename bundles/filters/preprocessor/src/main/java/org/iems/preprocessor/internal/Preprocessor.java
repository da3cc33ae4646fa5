package org.iems.preprocessor.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.iems.api.queue.Envelope;
import org.iems.api.queue.QueueIntake;
import org.iems.api.queue.QueueEntry;
import org.iems.api.queue.RecipientState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes new queue entries through the filter chain and routes them. Nothing passes unfiltered:
 * when the chain cannot run completely the entry is held, the postmaster alerted once, and the
 * automatic holds are lifted (and the entries filtered again) once the chain is whole, at most
 * every {@code retryInterval}. Messages IEMS makes itself (alerts, notifications) are routed
 * without filtering: they are not outside input, and they must get through when the chain is
 * broken.
 */
final class Preprocessor {

    private static final Logger LOG = LoggerFactory.getLogger(Preprocessor.class);

    private final QueueIntake queue;
    private final FilterChain chain;
    private final Router router;
    private final Alerter alerter;
    private final Clock clock;
    private final Duration lease;
    private final Duration retryInterval;
    private Instant lastRelease = Instant.MIN;

    Preprocessor(QueueIntake queue, FilterChain chain, Router router, Alerter alerter, Clock clock, Duration lease,
            Duration retryInterval) {
        this.queue = queue;
        this.chain = chain;
        this.router = router;
        this.alerter = alerter;
        this.clock = clock;
        this.lease = lease;
        this.retryInterval = retryInterval;
    }

    /** A filter joined or left: held messages are reconsidered at the next round, not after the interval. */
    synchronized void chainChanged() {
        lastRelease = Instant.MIN;
    }

    /**
     * Processes one batch of new entries.
     *
     * @return how many entries were taken
     */
    int runOnce(int max) {
        releaseAutomaticHoldsWhenWhole();
        List<QueueEntry> entries = queue.claimNew(max, lease);
        for (QueueEntry entry : entries) {
            process(entry);
        }
        return entries.size();
    }

    private synchronized void releaseAutomaticHoldsWhenWhole() {
        Instant now = clock.instant();
        if (chain.missing().isEmpty() && !now.isBefore(lastRelease.plus(retryInterval))) {
            lastRelease = now;
            queue.releaseHeld(FilterChain.AUTOMATIC_HOLD);
        }
    }

    private void process(QueueEntry entry) {
        if (internal(entry)) {
            queue.route(entry.queueId(), router.route(entry, entry.tags(), Optional.empty()));
            return;
        }
        ChainOutcome outcome = chain.run(entry);
        if (outcome instanceof ChainOutcome.Pass pass) {
            queue.route(entry.queueId(), router.route(entry, pass.tags(), pass.body()));
        } else if (outcome instanceof ChainOutcome.Held held) {
            queue.hold(entry.queueId(), held.reason());
            if (held.automatic()) {
                alerter.alert("messages held: " + held.reason(), "IEMS holds incoming messages because the filter chain"
                        + " cannot run completely:\n\n  " + held.reason() + "\n\nFirst held: " + entry.queueId()
                        + "\nThey are filtered and delivered by themselves once the chain works again;"
                        + " iems:queue-list shows them.");
            }
        } else if (outcome instanceof ChainOutcome.Rejected rejected) {
            LOG.info("{}: rejected by the filter chain: {} {}", entry.queueId(), rejected.status(), rejected.reason());
            queue.route(entry.queueId(), Router.all(entry, RecipientState.BOUNCED, rejected.status() + " " + rejected.reason()));
        } else if (outcome instanceof ChainOutcome.Discarded discarded) {
            LOG.info("{}: discarded by the filter chain: {}", entry.queueId(), discarded.reason());
            queue.route(entry.queueId(), Router.all(entry, RecipientState.DISCARDED, discarded.reason()));
        }
    }

    private static boolean internal(QueueEntry entry) {
        return entry.envelope().sender().isEmpty() && Envelope.LOCAL_CLIENT.equals(entry.envelope().client());
    }
}
