package org.iems.api.mail;

import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * The domain part of a mailbox: a host name (RFC 5321 {@code Domain}, internationalized names
 * allowed) or an address literal ({@code [192.0.2.1]}, {@code [IPv6:2001:db8::1]}).
 *
 * <p>Domain names compare case-insensitively: the canonical form is the lower-case ASCII
 * (A-label, "punycode") form, so {@code Bücher.Example} and {@code xn--bcher-kva.example} are
 * equal. A trailing dot is not accepted (it is a classic relay trick, not a mailbox).
 * Instances are immutable.
 */
public final class DomainName implements Comparable<DomainName> {

    private static final int MAX_LENGTH = 253;
    private static final int MAX_LABEL = 63;

    private final String ascii;
    private final boolean literal;

    private DomainName(String ascii, boolean literal) {
        this.ascii = ascii;
        this.literal = literal;
    }

    /**
     * Parses a domain name or an address literal.
     *
     * @param text the domain as written, in ASCII or Unicode
     * @return the domain in canonical form
     * @throws InvalidAddressException if the text is not a syntactically valid domain
     */
    public static DomainName parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new InvalidAddressException("empty domain");
        }
        if (text.startsWith("[")) {
            return new DomainName(parseLiteral(text), true);
        }
        String ascii;
        try {
            ascii = IDN.toASCII(text, IDN.USE_STD3_ASCII_RULES);
        } catch (IllegalArgumentException e) {
            throw new InvalidAddressException("invalid domain '" + text + "'");
        }
        ascii = ascii.toLowerCase(Locale.ROOT);
        checkHostName(text, ascii);
        return new DomainName(ascii, false);
    }

    private static void checkHostName(String text, String ascii) {
        if (ascii.isEmpty() || ascii.length() > MAX_LENGTH) {
            throw new InvalidAddressException("invalid domain '" + text + "': length must be 1 to " + MAX_LENGTH);
        }
        if (ascii.endsWith(".") || ascii.startsWith(".")) {
            throw new InvalidAddressException("invalid domain '" + text + "': leading or trailing dot");
        }
        for (String label : ascii.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > MAX_LABEL) {
                throw new InvalidAddressException("invalid domain '" + text + "': empty or over-long label");
            }
            if (label.startsWith("-") || label.endsWith("-")) {
                throw new InvalidAddressException("invalid domain '" + text + "': label starts or ends with '-'");
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                boolean ldh = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
                if (!ldh) {
                    throw new InvalidAddressException("invalid domain '" + text + "': character '" + c + "' not allowed");
                }
            }
        }
    }

    private static String parseLiteral(String text) {
        if (!text.endsWith("]") || text.length() < 3) {
            throw new InvalidAddressException("invalid address literal '" + text + "'");
        }
        String inner = text.substring(1, text.length() - 1);
        if (inner.regionMatches(true, 0, "IPv6:", 0, 5)) {
            String v6 = inner.substring(5);
            if (v6.isEmpty() || !v6.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')
                    || !v6.contains(":")) {
                throw new InvalidAddressException("invalid IPv6 address literal '" + text + "'");
            }
            try {
                byte[] bytes = InetAddress.getByName(v6).getAddress();
                if (bytes.length != 16) {
                    throw new InvalidAddressException("invalid IPv6 address literal '" + text + "'");
                }
                return "[ipv6:" + InetAddress.getByAddress(bytes).getHostAddress() + "]";
            } catch (UnknownHostException e) {
                throw new InvalidAddressException("invalid IPv6 address literal '" + text + "'");
            }
        }
        String[] parts = inner.split("\\.", -1);
        if (parts.length != 4) {
            throw new InvalidAddressException("invalid IPv4 address literal '" + text + "'");
        }
        StringBuilder canonical = new StringBuilder("[");
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(part) > 255) {
                throw new InvalidAddressException("invalid IPv4 address literal '" + text + "'");
            }
            canonical.append(Integer.parseInt(part)).append('.');
        }
        canonical.setLength(canonical.length() - 1);
        return canonical.append(']').toString();
    }

    /**
     * Returns the canonical form: lower-case ASCII (A-labels) or the normalised literal.
     *
     * @return the canonical text, the form used for storage and comparison
     */
    public String ascii() {
        return ascii;
    }

    /**
     * Returns the name with A-labels turned back into Unicode, for display.
     *
     * @return the Unicode form; the same as {@link #ascii()} for ASCII names and literals
     */
    public String unicode() {
        return literal ? ascii : IDN.toUnicode(ascii, IDN.USE_STD3_ASCII_RULES);
    }

    /**
     * Tells whether this is an address literal rather than a host name.
     *
     * @return {@code true} for {@code [ip]} forms
     */
    public boolean isAddressLiteral() {
        return literal;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DomainName d && d.ascii.equals(ascii);
    }

    @Override
    public int hashCode() {
        return ascii.hashCode();
    }

    @Override
    public int compareTo(DomainName o) {
        return ascii.compareTo(o.ascii);
    }

    /** Returns the canonical form, as {@link #ascii()}. */
    @Override
    public String toString() {
        return ascii;
    }
}
