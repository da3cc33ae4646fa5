package org.iems.smtpc.internal;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The local addresses outbound connections come from, one per address family (Postfix's
 * {@code smtp_bind_address} and {@code smtp_bind_address6}): on a host with several addresses, the
 * one whose reverse DNS and SPF records the receiving servers check. Empty: the system chooses.
 *
 * @param ipv4 the source of connections to IPv4 servers
 * @param ipv6 the source of connections to IPv6 servers
 */
record SourceAddresses(Optional<InetAddress> ipv4, Optional<InetAddress> ipv6) {

    /** The system chooses the source address. */
    static final SourceAddresses ANY = new SourceAddresses(Optional.empty(), Optional.empty());

    /** Four octets of 0 to 255 (a literal Java would not send to DNS). */
    private static final String OCTET = "(25[0-5]|2[0-4]\\d|1?\\d?\\d)";
    private static final Pattern IPV4 = Pattern.compile("(" + OCTET + "\\.){3}" + OCTET);
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    /**
     * Reads the configured addresses: literals of their family that this host can bind to.
     *
     * @param ipv4 an IPv4 literal, or blank
     * @param ipv6 an IPv6 literal, or blank
     * @return the addresses
     * @throws IllegalArgumentException if one is not a literal of its family or not this host's
     */
    static SourceAddresses of(String ipv4, String ipv6) {
        return new SourceAddresses(parse(ipv4, IPV4, Inet4Address.class, "bind.address"),
                parse(ipv6, IPV6, Inet6Address.class, "bind.address6"));
    }

    /** The source for a connection to this server, if one is configured for its family. */
    Optional<InetAddress> forPeer(InetAddress peer) {
        return peer instanceof Inet6Address ? ipv6 : ipv4;
    }

    private static Optional<InetAddress> parse(String text, Pattern literal, Class<? extends InetAddress> family,
            String property) {
        String value = text.strip();
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (!literal.matcher(value).matches()) {
            throw new IllegalArgumentException(property + " must be an address literal, not " + value);
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(value);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(property + " is not a valid address: " + value, e);
        }
        if (!family.isInstance(address)) {
            throw new IllegalArgumentException(property + " must be an address of its family, not " + value);
        }
        try (Socket probe = new Socket()) {
            probe.bind(new InetSocketAddress(address, 0));
        } catch (IOException e) {
            throw new IllegalArgumentException(property + " " + value + " is not an address of this host: "
                    + e.getMessage(), e);
        }
        return Optional.of(address);
    }
}
