package org.iems.smtpd.internal.connection;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.iems.api.mail.MailAddress;

/**
 * Per-user flow control for authenticated submission: at most {@code maxMessages} messages and
 * {@code maxBytes} bytes within a sliding window. A limit of 0 is off.
 */
public final class FlowControl {

    private record Sent(Instant at, long bytes) {
    }

    private final Clock clock;
    private final Map<MailAddress, Deque<Sent>> sent = new HashMap<>();
    private volatile Limits limits;

    /**
     * The limits.
     *
     * @param maxMessages messages per window; 0 = no limit
     * @param maxBytes bytes per window; 0 = no limit
     * @param window the window
     */
    public record Limits(int maxMessages, long maxBytes, Duration window) {
    }

    public FlowControl(Limits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    /** Changes the limits; what was sent stays counted. */
    public void setLimits(Limits limits) {
        this.limits = limits;
    }

    /**
     * Tells whether the user may start another message of the announced size (0 if unknown).
     */
    public synchronized boolean mayStart(MailAddress user, long announcedSize) {
        Limits l = limits;
        Deque<Sent> mine = prune(user, l);
        if (l.maxMessages() > 0 && mine.size() >= l.maxMessages()) {
            return false;
        }
        long bytes = mine.stream().mapToLong(Sent::bytes).sum();
        return l.maxBytes() <= 0 || bytes + announcedSize < l.maxBytes() || (bytes == 0 && announcedSize <= l.maxBytes());
    }

    /** Counts an accepted message. */
    public synchronized void record(MailAddress user, long bytes) {
        sent.computeIfAbsent(user, k -> new ArrayDeque<>()).addLast(new Sent(clock.instant(), bytes));
    }

    private Deque<Sent> prune(MailAddress user, Limits l) {
        Deque<Sent> mine = sent.computeIfAbsent(user, k -> new ArrayDeque<>());
        Instant oldest = clock.instant().minus(l.window());
        while (!mine.isEmpty() && mine.peekFirst().at().isBefore(oldest)) {
            mine.removeFirst();
        }
        if (mine.isEmpty()) {
            sent.remove(user);
        }
        return mine;
    }
}
