package org.iems.net.internal.access;

import java.net.InetAddress;
import java.util.List;
import org.iems.api.net.AddressRange;

/**
 * A listener's IP access control: a client in a denied range is refused; otherwise, if allowed
 * ranges are configured, the client must be in one. Deny wins over allow, so an operator can
 * allow a network and deny one host in it.
 */
public final class AccessList {

    private final List<AddressRange> allow;
    private final List<AddressRange> deny;

    private AccessList(List<AddressRange> allow, List<AddressRange> deny) {
        this.allow = List.copyOf(allow);
        this.deny = List.copyOf(deny);
    }

    /**
     * Builds the list from configuration values: ranges separated by commas or spaces; an empty
     * allow list allows everyone not denied.
     *
     * @throws IllegalArgumentException naming the property and the bad range
     */
    public static AccessList of(String allowProperty, String allow, String denyProperty, String deny) {
        return new AccessList(ranges(allowProperty, allow), ranges(denyProperty, deny));
    }

    private static List<AddressRange> ranges(String property, String value) {
        try {
            return value == null ? List.of() : AddressRange.parseList(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(property + ": " + e.getMessage(), e);
        }
    }

    /** Tells whether a client may connect. */
    public boolean permits(InetAddress client) {
        if (deny.stream().anyMatch(r -> r.contains(client))) {
            return false;
        }
        return allow.isEmpty() || allow.stream().anyMatch(r -> r.contains(client));
    }

    /** Tells whether the client is in one of the allowed ranges (used for "trusted networks"). */
    public boolean listedAsAllowed(InetAddress client) {
        return allow.stream().anyMatch(r -> r.contains(client)) && deny.stream().noneMatch(r -> r.contains(client));
    }
}
