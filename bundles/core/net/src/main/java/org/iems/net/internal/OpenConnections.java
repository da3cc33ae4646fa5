package org.iems.net.internal;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The connections open over all listeners, and the limit on them. When the limit is reached, a
 * newcomer makes room by shedding the connection that has not logged in (and is not from a
 * trusted network) and has been silent longest: logged-in users and trusted networks keep their
 * service however many strangers connect, and a flood of idle connections cannot keep new
 * clients out.
 */
final class OpenConnections {

    /** What the registry needs to know of a connection. */
    interface Member {
        /** Whether it may be closed to make room: it has not logged in and is not trusted. */
        boolean sheddable();

        /** When it last sent or was sent anything, in milliseconds. */
        long lastActive();
    }

    private final Set<Member> open = new HashSet<>();
    private int max;

    OpenConnections(int max) {
        this.max = max;
    }

    synchronized void setMax(int max) {
        this.max = max;
    }

    /** What {@link #admit} decided. */
    record Admission(boolean admitted, Optional<Member> shed) {
    }

    /**
     * Admits a new connection, choosing one to shed when the limit is reached. The shed one no
     * longer counts from here on; the caller closes it (outside this lock).
     *
     * @param connection the newcomer
     * @return whether it may stay, and which connection to close for it
     */
    synchronized Admission admit(Member connection) {
        if (open.size() < max) {
            open.add(connection);
            return new Admission(true, Optional.empty());
        }
        Member victim = null;
        for (Member c : open) {
            if (c.sheddable() && (victim == null || c.lastActive() < victim.lastActive())) {
                victim = c;
            }
        }
        if (victim == null) {
            return new Admission(false, Optional.empty());
        }
        open.remove(victim);
        open.add(connection);
        return new Admission(true, Optional.of(victim));
    }

    /** Forgets a connection that ended; harmless for one already shed. */
    synchronized void remove(Member connection) {
        open.remove(connection);
    }

    /** Connections open now. */
    synchronized int size() {
        return open.size();
    }
}
