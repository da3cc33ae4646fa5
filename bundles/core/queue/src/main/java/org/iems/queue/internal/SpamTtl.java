package org.iems.queue.internal;

import java.time.Duration;
import java.util.Map;

/**
 * The time to live of messages a filter tagged as spam, and of the notifications about them:
 * much shorter than the normal one, so undeliverable junk does not fill the outbound queues.
 *
 * @param tag the tag's name (an {@code X-IEMS-*} header name), compared ignoring case
 * @param value the value that marks spam, compared ignoring case; empty = any value
 * @param ttl the time to live of such messages
 */
public record SpamTtl(String tag, String value, Duration ttl) {

    /** No spam time to live. */
    public static final SpamTtl NONE = new SpamTtl("", "", Duration.ZERO);

    /**
     * Reads {@code name=value} (or {@code name}: any value) as the configuration gives it.
     *
     * @param spec the tag, empty for none
     * @param ttl the time to live
     * @return the policy
     */
    public static SpamTtl of(String spec, Duration ttl) {
        String s = spec.strip();
        if (s.isEmpty()) {
            return NONE;
        }
        int equals = s.indexOf('=');
        return equals < 0 ? new SpamTtl(s, "", ttl) : new SpamTtl(s.substring(0, equals).strip(),
                s.substring(equals + 1).strip(), ttl);
    }

    /** Whether a message with these tags is spam. */
    boolean matches(Map<String, String> tags) {
        if (tag.isEmpty()) {
            return false;
        }
        return tags.entrySet().stream().anyMatch(t -> t.getKey().equalsIgnoreCase(tag)
                && (value.isEmpty() || t.getValue().strip().equalsIgnoreCase(value)));
    }

    /** The spam tag among these tags, to carry on to a notification; empty if not spam. */
    Map<String, String> carried(Map<String, String> tags) {
        return tags.entrySet().stream().filter(t -> matches(Map.of(t.getKey(), t.getValue()))).findFirst()
                .map(t -> Map.of(t.getKey(), t.getValue())).orElse(Map.of());
    }
}
