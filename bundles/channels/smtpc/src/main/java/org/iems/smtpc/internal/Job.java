package org.iems.smtpc.internal;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.iems.api.queue.Delivery;
import org.iems.api.queue.QueueEntry;

/**
 * One message's recipients for one route: what one SMTP transaction sends.
 *
 * @param route the route
 * @param deliveries the claimed recipients, all of one queue entry
 * @param claimed when they were claimed (their lease runs from then)
 * @param order the order of claiming, to keep first come first served among equals
 */
record Job(Route route, List<Delivery> deliveries, Instant claimed, long order) {

    /**
     * Delivery status notifications first (they come from the null sender and are small), then
     * smaller messages before larger ones (by size class, so a huge batch does not hold up the rest),
     * then in the order they were claimed.
     */
    static final Comparator<Job> PRIORITY = Comparator.comparing((Job j) -> j.entry().envelope().sender().isPresent())
            .thenComparingInt(j -> sizeClass(j.entry().size())).thenComparingLong(Job::order);

    Job {
        deliveries = List.copyOf(deliveries);
    }

    QueueEntry entry() {
        return deliveries.get(0).entry();
    }

    /** 0 up to 64 KB, 1 up to 1 MB, 2 up to 10 MB, 3 beyond. */
    private static int sizeClass(long size) {
        if (size <= 64 * 1024) {
            return 0;
        }
        if (size <= 1024 * 1024) {
            return 1;
        }
        return size <= 10 * 1024 * 1024 ? 2 : 3;
    }
}
