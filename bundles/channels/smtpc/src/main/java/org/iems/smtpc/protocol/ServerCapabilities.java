package org.iems.smtpc.protocol;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What a server announced in its EHLO reply (RFC 5321 section 4.1.1.1): each line after the first
 * is a keyword and its parameters. A server that only answered HELO announces nothing.
 */
public final class ServerCapabilities {

    /** The capabilities of a server that only speaks HELO. */
    public static final ServerCapabilities NONE = new ServerCapabilities(Map.of());

    private final Map<String, String> keywords;

    private ServerCapabilities(Map<String, String> keywords) {
        this.keywords = keywords;
    }

    /**
     * Reads the capabilities from an EHLO reply.
     *
     * @param ehlo the positive reply to EHLO
     * @return the capabilities
     */
    public static ServerCapabilities of(Reply ehlo) {
        Map<String, String> keywords = new HashMap<>();
        for (String line : ehlo.lines().subList(1, ehlo.lines().size())) {
            String[] parts = line.strip().split("[ =]", 2);
            if (!parts[0].isEmpty()) {
                keywords.put(parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1].strip() : "");
            }
        }
        return new ServerCapabilities(Map.copyOf(keywords));
    }

    /**
     * Whether the server announced a keyword.
     *
     * @param keyword the keyword, any case
     * @return whether it is there
     */
    public boolean has(String keyword) {
        return keywords.containsKey(keyword.toUpperCase(Locale.ROOT));
    }

    /**
     * The largest message the server takes (SIZE, RFC 1870), if it gave a limit; {@code SIZE} or
     * {@code SIZE 0} announce the extension without a limit.
     *
     * @return the limit in octets
     */
    public OptionalLong sizeLimit() {
        String value = keywords.get("SIZE");
        if (value == null || value.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            long limit = Long.parseLong(value.split(" ")[0]);
            return limit > 0 ? OptionalLong.of(limit) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * The SASL mechanisms the server offers (AUTH, RFC 4954), upper case.
     *
     * @return the mechanisms, possibly none
     */
    public Set<String> authMechanisms() {
        String value = keywords.get("AUTH");
        if (value == null || value.isBlank()) {
            return Set.of();
        }
        return Set.copyOf(Arrays.asList(value.toUpperCase(Locale.ROOT).split("\\s+")));
    }
}
