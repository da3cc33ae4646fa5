package org.iems.net.internal.access;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Groups client addresses the way limits and throttles count them: an IPv4 address is one client;
 * an IPv6 address counts as its network prefix ({@code /64} by default), because one subscriber
 * line or one server usually holds a whole /64 and an attacker could otherwise take a fresh
 * address for every connection. IPv4-mapped IPv6 addresses count as the IPv4 address.
 */
public final class AddressGroups {

    private final int ipv6Prefix;

    /**
     * @param ipv6Prefix the IPv6 prefix length that counts as one client, 1 to 128
     * @throws IllegalArgumentException if out of range
     */
    public AddressGroups(int ipv6Prefix) {
        if (ipv6Prefix < 1 || ipv6Prefix > 128) {
            throw new IllegalArgumentException("ipv6.prefix.length: " + ipv6Prefix + " is not between 1 and 128");
        }
        this.ipv6Prefix = ipv6Prefix;
    }

    /**
     * The client an address counts as.
     *
     * @param address the remote address
     * @return the address itself (IPv4), or its network with the host bits cleared (IPv6)
     */
    public InetAddress groupOf(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            return address;
        }
        if (isIpv4Mapped(bytes)) {
            return literal(new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]});
        }
        for (int bit = ipv6Prefix; bit < 128; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >> (bit % 8));
        }
        return literal(bytes);
    }

    /** How a group is written in log lines: the IPv4 address, or the IPv6 network with its prefix. */
    public String describe(InetAddress group) {
        return group.getAddress().length == 4 || ipv6Prefix == 128 ? group.getHostAddress()
                : group.getHostAddress() + "/" + ipv6Prefix;
    }

    private static boolean isIpv4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }

    private static InetAddress literal(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }
}
