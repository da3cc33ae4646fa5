package org.iems.smtpc.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Cache;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Finds where mail for a target goes (RFC 5321 section 5.1): the MX records by preference (equal
 * preferences in random order), or the domain's own addresses when it has no MX (the implicit MX);
 * a null MX (RFC 7505) or a domain that does not exist makes the mail undeliverable. Each host's
 * IPv4 addresses come before its IPv6 ones. Answers are cached for their TTL.
 */
final class DnsResolver {

    private static final int MAX_MX_HOSTS = 10;

    private final Resolver resolver;
    private final Cache cache = new Cache();

    /**
     * @param servers name servers as {@code host} or {@code host:port}; none = the system's
     * @param timeout how long one query may take
     * @throws UnknownHostException if a server's address is invalid
     */
    DnsResolver(List<String> servers, Duration timeout) throws UnknownHostException {
        List<Resolver> resolvers = new ArrayList<>();
        for (String server : servers) {
            int colon = server.lastIndexOf(':');
            boolean hasPort = colon > 0 && server.indexOf(':') == colon;
            SimpleResolver simple = new SimpleResolver(hasPort ? server.substring(0, colon) : server);
            if (hasPort) {
                simple.setPort(Integer.parseInt(server.substring(colon + 1)));
            }
            resolvers.add(simple);
        }
        this.resolver = resolvers.isEmpty() ? new ExtendedResolver() : new ExtendedResolver(resolvers);
        this.resolver.setTimeout(timeout);
    }

    /**
     * Resolves a target.
     *
     * @param target the target
     * @return the addresses, or why there are none
     */
    Resolution resolve(Target target) {
        if (!target.mxLookup()) {
            return addressesOf(List.of(target.name()), target.port(), false);
        }
        Name domain;
        try {
            domain = Name.fromString(target.name(), Name.root);
        } catch (TextParseException e) {
            return new Resolution.Undeliverable("5.1.2", "invalid domain name " + target.name());
        }
        Lookup mx = lookup(domain, Type.MX);
        Record[] records = mx.run();
        switch (mx.getResult()) {
            case Lookup.SUCCESSFUL:
                return fromMx(records, target);
            case Lookup.TYPE_NOT_FOUND:
                return addressesOf(List.of(target.name()), target.port(), true);
            case Lookup.HOST_NOT_FOUND:
                return new Resolution.Undeliverable("5.1.2", "Host or domain name not found: " + target.name()
                        + " (MX: no such domain)");
            default:
                return new Resolution.Unavailable("4.4.3 DNS lookup of MX for " + target.name() + " failed: "
                        + mx.getErrorString());
        }
    }

    private Resolution fromMx(Record[] records, Target target) {
        List<MXRecord> mxs = new ArrayList<>();
        for (Record r : records) {
            if (r instanceof MXRecord m) {
                mxs.add(m);
            }
        }
        if (mxs.size() == 1 && mxs.get(0).getTarget().equals(Name.root)) {
            return new Resolution.Undeliverable("5.1.10", "the domain " + target.name()
                    + " accepts no mail (null MX, RFC 7505)");
        }
        mxs.removeIf(m -> m.getTarget().equals(Name.root));
        Collections.shuffle(mxs);
        mxs.sort(Comparator.comparingInt(MXRecord::getPriority));
        List<String> hosts = mxs.stream().limit(MAX_MX_HOSTS).map(m -> hostName(m.getTarget())).distinct().toList();
        if (hosts.isEmpty()) {
            return new Resolution.Unavailable("4.4.3 no usable MX host for " + target.name());
        }
        return addressesOf(hosts, target.port(), false);
    }

    /**
     * The addresses of the hosts; when they are the domain's own (the implicit MX) and it has none,
     * the mail is undeliverable.
     */
    private Resolution addressesOf(List<String> hosts, int port, boolean implicitMx) {
        List<HostAddress> addresses = new ArrayList<>();
        boolean dnsTrouble = false;
        List<String> missing = new ArrayList<>();
        for (String host : hosts) {
            InetAddress literal = literal(host);
            if (literal != null) {
                addresses.add(new HostAddress(host, literal, port));
                continue;
            }
            int before = addresses.size();
            for (int type : new int[] {Type.A, Type.AAAA}) {
                Lookup lookup;
                try {
                    lookup = lookup(Name.fromString(host, Name.root), type);
                } catch (TextParseException e) {
                    break;
                }
                Record[] records = lookup.run();
                if (lookup.getResult() == Lookup.TRY_AGAIN || lookup.getResult() == Lookup.UNRECOVERABLE) {
                    dnsTrouble = true;
                }
                for (Record r : records == null ? new Record[0] : records) {
                    if (r instanceof ARecord a) {
                        addresses.add(new HostAddress(host, a.getAddress(), port));
                    } else if (r instanceof AAAARecord aaaa) {
                        addresses.add(new HostAddress(host, aaaa.getAddress(), port));
                    }
                }
            }
            if (addresses.size() == before) {
                missing.add(host);
            }
        }
        if (!addresses.isEmpty()) {
            return new Resolution.Hosts(addresses);
        }
        if (implicitMx && !dnsTrouble) {
            return new Resolution.Undeliverable("5.1.2", "Host or domain name not found: " + hosts.get(0)
                    + " (no MX, A or AAAA record)");
        }
        return new Resolution.Unavailable("4.4.3 no address for " + String.join(", ", missing)
                + (dnsTrouble ? " (DNS lookup failed)" : ""));
    }

    private Lookup lookup(Name name, int type) {
        Lookup lookup = new Lookup(name, type);
        lookup.setResolver(resolver);
        lookup.setCache(cache);
        lookup.setSearchPath(Arrays.asList(new Name[0]));
        return lookup;
    }

    private static String hostName(Name name) {
        String text = name.toString(true);
        return text.toLowerCase(Locale.ROOT);
    }

    /** An IP address written as such (a transport map's [192.0.2.1]), or null for a name. */
    private static InetAddress literal(String host) {
        if (!host.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
            return null;
        }
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
