package org.iems.api.mail;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A mailbox address, {@code local-part@domain}, with the syntax of RFC 5321 section 4.1.2:
 * a dot-string or quoted-string local part, and a domain name or address literal. RFC 6531
 * (SMTPUTF8) is honoured: UTF-8 characters are allowed in the local part and in the domain.
 *
 * <p>The domain compares case-insensitively (see {@link DomainName}). The local part keeps
 * the case it was written in, but IEMS, like most mail servers, treats local parts as
 * case-insensitive when it looks up recipients: {@link #key()} is the lookup key. A quoted
 * local part whose content is also a valid dot-string is unquoted ({@code "bart"@x} is
 * {@code bart@x}). Instances are immutable.
 */
public final class MailAddress {

    /** RFC 5321 section 4.5.3.1.1: at most 64 octets in a local part. */
    public static final int MAX_LOCAL_PART_OCTETS = 64;
    /** RFC 5321 section 4.5.3.1.3 path limit, less the angle brackets. */
    public static final int MAX_ADDRESS_OCTETS = 254;

    private static final String ATEXT_SPECIALS = "!#$%&'*+-/=?^_`{|}~";

    private final String localPart;
    private final DomainName domain;

    private MailAddress(String localPart, DomainName domain) {
        this.localPart = localPart;
        this.domain = domain;
    }

    /**
     * Parses a mailbox address as written in an SMTP path, without angle brackets.
     *
     * @param text the address, e.g. {@code bart@ima.com} or {@code "john..doe"@[192.0.2.1]}
     * @return the address
     * @throws InvalidAddressException naming the problem, if the text is not a valid mailbox
     */
    public static MailAddress parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new InvalidAddressException("empty address");
        }
        int at = domainSeparator(text);
        String local = text.substring(0, at);
        String domainText = text.substring(at + 1);
        String unquoted = parseLocalPart(text, local);
        DomainName domain;
        try {
            domain = DomainName.parse(domainText);
        } catch (InvalidAddressException e) {
            throw new InvalidAddressException("malformed address '" + text + "': " + e.getMessage());
        }
        MailAddress address = new MailAddress(unquoted, domain);
        if (address.toString().getBytes(StandardCharsets.UTF_8).length > MAX_ADDRESS_OCTETS) {
            throw new InvalidAddressException("malformed address '" + text + "': longer than "
                    + MAX_ADDRESS_OCTETS + " octets");
        }
        return address;
    }

    /**
     * Builds an address from a local part (unquoted form) and a domain.
     *
     * @param localPart the local part, without quoting
     * @param domain the domain
     * @return the address
     * @throws InvalidAddressException if the local part is empty, too long or contains
     *         characters no quoted-string can carry
     */
    public static MailAddress of(String localPart, DomainName domain) {
        return parse(quoteIfNeeded(localPart) + "@" + domain.ascii());
    }

    /** Finds the '@' that separates local part and domain: the last one outside quotes. */
    private static int domainSeparator(String text) {
        int at = -1;
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '@' && !quoted) {
                at = i;
            }
        }
        if (at <= 0 || at == text.length() - 1) {
            throw new InvalidAddressException("malformed address '" + text + "': expected local-part@domain");
        }
        return at;
    }

    private static String parseLocalPart(String text, String local) {
        String value;
        if (local.startsWith("\"")) {
            value = unquote(text, local);
        } else {
            checkDotString(text, local);
            value = local;
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_LOCAL_PART_OCTETS) {
            throw new InvalidAddressException("malformed address '" + text + "': local part longer than "
                    + MAX_LOCAL_PART_OCTETS + " octets");
        }
        return value;
    }

    private static String unquote(String text, String local) {
        if (local.length() < 2 || !local.endsWith("\"")) {
            throw new InvalidAddressException("malformed address '" + text + "': unterminated quoted local part");
        }
        StringBuilder value = new StringBuilder();
        for (int i = 1; i < local.length() - 1; i++) {
            char c = local.charAt(i);
            if (c == '\\') {
                if (i + 1 >= local.length() - 1) {
                    throw new InvalidAddressException("malformed address '" + text + "': dangling backslash");
                }
                c = local.charAt(++i);
                if (c < 32 || c == 127) {
                    throw new InvalidAddressException("malformed address '" + text + "': control character");
                }
            } else if (c == '"' || c < 32 || c == 127) {
                throw new InvalidAddressException("malformed address '" + text + "': invalid character in quoted local part");
            }
            value.append(c);
        }
        if (value.length() == 0) {
            throw new InvalidAddressException("malformed address '" + text + "': empty local part");
        }
        return value.toString();
    }

    private static void checkDotString(String text, String local) {
        if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
            throw new InvalidAddressException("malformed address '" + text + "': misplaced dot in local part");
        }
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (c != '.' && !isAtext(c)) {
                throw new InvalidAddressException("malformed address '" + text + "': character '" + c
                        + "' needs quoting in a local part");
            }
        }
    }

    /** RFC 5322 atext, plus any non-ASCII character (RFC 6531 UTF8-non-ascii). */
    private static boolean isAtext(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || ATEXT_SPECIALS.indexOf(c) >= 0 || (c > 127 && !Character.isISOControl(c) && !Character.isWhitespace(c));
    }

    private static boolean isDotString(String value) {
        if (value.isEmpty() || value.startsWith(".") || value.endsWith(".") || value.contains("..")) {
            return false;
        }
        return value.chars().allMatch(c -> c == '.' || isAtext((char) c));
    }

    private static String quoteIfNeeded(String local) {
        if (isDotString(local)) {
            return local;
        }
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : local.toCharArray()) {
            if (c == '"' || c == '\\') {
                quoted.append('\\');
            }
            quoted.append(c);
        }
        return quoted.append('"').toString();
    }

    /**
     * Returns the local part in its unquoted form.
     *
     * @return the local part, as written (case preserved), quotes and escapes removed
     */
    public String localPart() {
        return localPart;
    }

    /**
     * Returns the domain part.
     *
     * @return the domain
     */
    public DomainName domain() {
        return domain;
    }

    /**
     * Returns this address with another domain, the same local part.
     *
     * @param other the new domain
     * @return the rewritten address
     */
    public MailAddress withDomain(DomainName other) {
        return new MailAddress(localPart, other);
    }

    /**
     * Tells whether the address needs SMTPUTF8 (RFC 6531) to be transported: its local part
     * contains non-ASCII characters. (A Unicode domain does not: it has an ASCII A-label form.)
     *
     * @return {@code true} if the local part is not pure ASCII
     */
    public boolean needsSmtpUtf8() {
        return localPart.chars().anyMatch(c -> c > 127);
    }

    /**
     * Returns the case-insensitive lookup key: local part lower-cased, {@code @}, canonical
     * ASCII domain. Two addresses that reach the same mailbox have the same key.
     *
     * @return the key, used for storage and comparison
     */
    public String key() {
        return quoteIfNeeded(localPart.toLowerCase(Locale.ROOT)) + "@" + domain.ascii();
    }

    /** Equal when the {@link #key()}s are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof MailAddress a && a.key().equals(key());
    }

    @Override
    public int hashCode() {
        return key().hashCode();
    }

    /**
     * Returns the address in SMTP form: local part quoted if it needs to be, {@code @}, the
     * canonical ASCII domain.
     */
    @Override
    public String toString() {
        return quoteIfNeeded(localPart) + "@" + domain.ascii();
    }
}
