package org.iems.smtpc.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The jobs waiting for one destination (a route: its target and requirements) and the connections
 * working on them. A destination that refuses a further connection while others to it work (it
 * limits connections per client: "421 too many connections") gets no more than those from then on.
 * It exists only while it has jobs or connections; the scheduler drops it when both end, and its
 * limit with it.
 */
final class VirtualQueue {

    private final Route route;
    private final PriorityQueue<Job> jobs = new PriorityQueue<>(Job.PRIORITY);
    private int connections;
    private int idle;
    /** The most connections the destination takes, as learnt from its refusals. */
    private int learntLimit = Integer.MAX_VALUE;

    VirtualQueue(Route route) {
        this.route = route;
    }

    Route route() {
        return route;
    }

    String name() {
        return route.queueName();
    }

    synchronized void add(Job job) {
        jobs.add(job);
        notifyAll();
    }

    /** Takes the next job, waiting up to the given time for one to arrive; null if none came. */
    synchronized Job next(long waitMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + waitMillis;
        long left = waitMillis;
        idle++;
        try {
            while (jobs.isEmpty() && left > 0) {
                wait(left);
                left = deadline - System.currentTimeMillis();
            }
        } finally {
            idle--;
        }
        return jobs.poll();
    }

    /** Takes every waiting job: the destination is unreachable now, or the channel is stopping. */
    synchronized List<Job> drain() {
        List<Job> all = new ArrayList<>(jobs);
        jobs.clear();
        return all;
    }

    synchronized int waiting() {
        return jobs.size();
    }

    synchronized int connections() {
        return connections;
    }

    /**
     * Counts a new connection in, if fewer than the limit are open and more jobs wait than there are
     * idle connections to take them.
     */
    synchronized boolean tryAddConnection(int limit) {
        if (connections >= Math.min(limit, learntLimit) || jobs.size() <= idle) {
            return false;
        }
        connections++;
        return true;
    }

    synchronized void removeConnection() {
        connections--;
    }

    /**
     * A new connection was refused for now. If others to the destination work or are being opened,
     * the destination may only limit connections: it gets no more than those from now on, and the
     * job goes back to wait for them. If this was the only one, the destination is down.
     *
     * @param job the job the refused connection was to carry
     * @return whether the job was put back; false if the destination is down
     */
    synchronized boolean putBackIfOthersWork(Job job) {
        int others = connections - 1;
        if (others == 0) {
            return false;
        }
        learntLimit = Math.min(learntLimit, others);
        add(job);
        return true;
    }

    /** The most connections the destination takes, as learnt; {@code Integer.MAX_VALUE} while it refused none. */
    synchronized int learntLimit() {
        return learntLimit;
    }

    synchronized boolean isIdle() {
        return connections == 0 && jobs.isEmpty();
    }
}
