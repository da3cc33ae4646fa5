package org.iems.api.net;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.iems.api.config.ListSettings;

/**
 * An IPv4 or IPv6 network in CIDR notation ({@code 192.0.2.0/24}, {@code 2001:db8::/32}), or a
 * single address. IPv4-mapped IPv6 addresses ({@code ::ffff:192.0.2.1}) match IPv4 ranges, so a
 * dual-stack listener applies IPv4 rules to IPv4 clients.
 *
 * @since 1.3
 */
public final class AddressRange {

    private final byte[] network;
    private final int prefix;
    private final String text;

    private AddressRange(byte[] network, int prefix, String text) {
        this.network = network;
        this.prefix = prefix;
        this.text = text;
    }

    /**
     * Parses {@code address[/prefix]}; host bits beyond the prefix must be zero.
     *
     * @param text the range
     * @return the range
     * @throws IllegalArgumentException naming the problem
     */
    public static AddressRange parse(String text) {
        String t = text.strip();
        int slash = t.indexOf('/');
        String address = slash < 0 ? t : t.substring(0, slash);
        byte[] bytes = literal(address, text);
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String p = t.substring(slash + 1);
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > bits) {
                throw new IllegalArgumentException("invalid prefix length in '" + text + "'");
            }
            prefix = Integer.parseInt(p);
        }
        for (int i = prefix; i < bits; i++) {
            if ((bytes[i / 8] & (0x80 >> (i % 8))) != 0) {
                throw new IllegalArgumentException("'" + text + "' has host bits set beyond /" + prefix);
            }
        }
        return new AddressRange(bytes, prefix, t);
    }

    /** Parses an IP literal without ever asking DNS. */
    private static byte[] literal(String address, String text) {
        boolean v6 = address.contains(":");
        boolean v4 = !v6 && address.chars().allMatch(c -> Character.isDigit(c) || c == '.') && address.split("\\.", -1).length == 4;
        if (!v4 && !(v6 && address.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.'))) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address or network");
        }
        if (v4) {
            for (String part : address.split("\\.")) {
                if (part.isEmpty() || part.length() > 3 || Integer.parseInt(part) > 255) {
                    throw new IllegalArgumentException("'" + text + "' is not an IP address or network");
                }
            }
        }
        try {
            return normalise(InetAddress.getByName(address).getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address or network");
        }
    }

    /** IPv4-mapped IPv6 becomes plain IPv4. */
    private static byte[] normalise(byte[] address) {
        if (address.length == 16) {
            boolean mapped = address[10] == (byte) 0xff && address[11] == (byte) 0xff;
            for (int i = 0; i < 10 && mapped; i++) {
                mapped = address[i] == 0;
            }
            if (mapped) {
                return new byte[] {address[12], address[13], address[14], address[15]};
            }
        }
        return address;
    }

    /**
     * Tells whether the address lies in this range.
     *
     * @param address the address
     * @return whether it is in the range
     */
    public boolean contains(InetAddress address) {
        byte[] a = normalise(address.getAddress());
        if (a.length != network.length) {
            return false;
        }
        BigInteger mask = prefix == 0 ? BigInteger.ZERO
                : BigInteger.ONE.shiftLeft(prefix).subtract(BigInteger.ONE).shiftLeft(a.length * 8 - prefix);
        return new BigInteger(1, a).and(mask).equals(new BigInteger(1, network));
    }

    /**
     * Parses a list of ranges separated by commas or white space.
     *
     * @param list the list, possibly empty
     * @return the ranges
     * @throws IllegalArgumentException naming the first invalid item
     */
    public static List<AddressRange> parseList(String list) {
        return parseList(new String[] {list});
    }

    /**
     * Parses a list setting typed {@code String[]}, as {@link ListSettings#items(String[])} reads it.
     *
     * @param list the setting as configured, possibly empty
     * @return the ranges
     * @throws IllegalArgumentException naming the first invalid item
     * @since 3.0
     */
    public static List<AddressRange> parseList(String[] list) {
        return ListSettings.items(list).stream().map(AddressRange::parse).toList();
    }

    /**
     * Tells whether the address lies in any of the ranges.
     *
     * @param ranges the ranges
     * @param address the address
     * @return whether one contains it
     */
    public static boolean anyContains(List<AddressRange> ranges, InetAddress address) {
        return ranges.stream().anyMatch(r -> r.contains(address));
    }

    /** The range as it was written. */
    @Override
    public String toString() {
        return text;
    }
}
