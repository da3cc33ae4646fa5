package org.iems.preprocessor.internal;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.iems.api.blob.BlobRef;
import org.iems.api.blob.BlobStore;
import org.iems.api.blob.BlobWriter;
import org.iems.api.filter.FilterRequest;
import org.iems.api.filter.FilterVerdict;
import org.iems.api.filter.MessageFilter;
import org.iems.api.queue.Envelope;
import org.iems.api.queue.QueueEntry;

/**
 * Runs one message through the filters in order, each within its time budget, and fails closed:
 * a required filter that is not registered, a filter that throws, or one that runs out of time
 * holds the message (an automatic hold, released when the chain is whole again). Tags accumulate;
 * a modified body is what later filters see; REJECT, DISCARD and HOLD stop the chain.
 */
final class FilterChain {

    /** Prefix of the hold reasons the chain sets itself, and may lift itself. */
    static final String AUTOMATIC_HOLD = "filter: ";

    private final Supplier<List<MessageFilter>> filters;
    private final Supplier<Set<String>> required;
    private final Supplier<Duration> budget;
    private final ExecutorService pool;
    private final BlobStore blobs;

    /**
     * @param filters the registered filters, in chain order (descending service.ranking)
     * @param required names of filters that must be present
     * @param budget how long one filter may take on one message
     */
    FilterChain(Supplier<List<MessageFilter>> filters, Supplier<Set<String>> required, Supplier<Duration> budget,
            ExecutorService pool, BlobStore blobs) {
        this.filters = filters;
        this.required = required;
        this.budget = budget;
        this.pool = pool;
        this.blobs = blobs;
    }

    /** The required filters that are not registered now; empty when the chain is whole. */
    Set<String> missing() {
        Set<String> present = filters.get().stream().map(MessageFilter::name).collect(Collectors.toSet());
        return required.get().stream().filter(name -> !present.contains(name)).collect(Collectors.toSet());
    }

    ChainOutcome run(QueueEntry entry) {
        Set<String> missing = missing();
        if (!missing.isEmpty()) {
            return new ChainOutcome.Held(AUTOMATIC_HOLD + "required filter " + String.join(", ", missing.stream().sorted().toList())
                    + " is not running", true);
        }
        Request request = new Request(entry);
        for (MessageFilter filter : filters.get()) {
            FilterVerdict verdict;
            Future<FilterVerdict> future = pool.submit(() -> filter.filter(request));
            try {
                verdict = future.get(budget.get().toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                future.cancel(true);
                return new ChainOutcome.Held(AUTOMATIC_HOLD + filter.name() + " exceeded its time budget of "
                        + budget.get().toMillis() + " ms", true);
            } catch (ExecutionException e) {
                return new ChainOutcome.Held(AUTOMATIC_HOLD + filter.name() + " failed: " + e.getCause(), true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                future.cancel(true);
                return new ChainOutcome.Held(AUTOMATIC_HOLD + "interrupted while " + filter.name() + " ran", true);
            }
            if (verdict == null) {
                return new ChainOutcome.Held(AUTOMATIC_HOLD + filter.name() + " gave no verdict", true);
            }
            Optional<ChainOutcome> stop = apply(verdict, request);
            if (stop.isPresent()) {
                return stop.get();
            }
        }
        return new ChainOutcome.Pass(Map.copyOf(request.tags), Optional.ofNullable(request.modified));
    }

    private static Optional<ChainOutcome> apply(FilterVerdict verdict, Request request) {
        if (verdict instanceof FilterVerdict.Tag tag) {
            request.tags.putAll(tag.tags());
        } else if (verdict instanceof FilterVerdict.Modify modify) {
            request.modified = modify.body();
        } else if (verdict instanceof FilterVerdict.Reject reject) {
            return Optional.of(new ChainOutcome.Rejected(reject.status(), reject.reason()));
        } else if (verdict instanceof FilterVerdict.Discard discard) {
            return Optional.of(new ChainOutcome.Discarded(discard.reason()));
        } else if (verdict instanceof FilterVerdict.Hold hold) {
            return Optional.of(new ChainOutcome.Held(hold.reason(), false));
        }
        return Optional.empty();
    }

    /** The message as the filters see it: the body changes when one modifies it. */
    private final class Request implements FilterRequest {
        private final QueueEntry entry;
        private final Map<String, String> tags;
        private volatile BlobRef modified;

        Request(QueueEntry entry) {
            this.entry = entry;
            this.tags = new HashMap<>(entry.tags());
        }

        @Override
        public String queueId() {
            return entry.queueId();
        }

        @Override
        public Envelope envelope() {
            return entry.envelope();
        }

        @Override
        public Map<String, String> tags() {
            return Map.copyOf(tags);
        }

        @Override
        public InputStream openMessage() throws IOException {
            return blobs.open(modified != null ? modified.id() : entry.body());
        }

        @Override
        public long size() {
            return modified != null ? modified.size() : entry.size();
        }

        @Override
        public BlobWriter newBody() throws IOException {
            return blobs.create();
        }
    }
}
