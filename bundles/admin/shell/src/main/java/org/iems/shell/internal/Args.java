package org.iems.shell.internal;

import org.iems.api.mail.DomainName;
import org.iems.api.mail.InvalidAddressException;
import org.iems.api.mail.MailAddress;

/** Turns command arguments into values, with operator-friendly errors. */
final class Args {

    private Args() {
    }

    static MailAddress address(String text) {
        try {
            return MailAddress.parse(text.strip());
        } catch (InvalidAddressException e) {
            throw new CommandException(e.getMessage());
        }
    }

    static DomainName domain(String text) {
        try {
            return DomainName.parse(text.strip());
        } catch (InvalidAddressException e) {
            throw new CommandException(e.getMessage());
        }
    }

    /**
     * Parses a quota: bytes, or a number with K, M, G or T (powers of 1024); empty means the
     * directory's default, 0 unlimited.
     *
     * @return the quota in bytes, or -1 for the default
     * @throws IllegalArgumentException with a one-line reason
     */
    static long quota(String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            return -1;
        }
        long unit = switch (Character.toUpperCase(t.charAt(t.length() - 1))) {
            case 'K' -> 1L << 10;
            case 'M' -> 1L << 20;
            case 'G' -> 1L << 30;
            case 'T' -> 1L << 40;
            default -> 1;
        };
        String digits = unit == 1 ? t : t.substring(0, t.length() - 1).strip();
        try {
            long value = Long.parseLong(digits);
            if (value < 0 || value > Long.MAX_VALUE / unit) {
                throw new IllegalArgumentException("quota out of range: '" + text + "'");
            }
            return value * unit;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid quota '" + text + "' (bytes, or a number with K, M, G or T)");
        }
    }
}
