package org.iems.imapd.protocol.search;

import java.time.Instant;
import java.util.Optional;
import org.iems.imapd.protocol.mime.AddressList;
import org.iems.imapd.protocol.mime.EncodedWords;

/**
 * What SORT and THREAD read of a message (RFC 5256 section 2.2, RFC 5957 section 3). Strings are
 * in i;ascii-casemap form, so they compare as RFC 5256 asks with {@link String#compareTo}.
 */
public final class SortKeys {

    private SortKeys() {
    }

    /**
     * The sent date: the Date header's instant, or the internal date when there is none or it does
     * not parse.
     *
     * @param m the message
     * @return the instant
     */
    public static Instant sentDate(SearchCandidate m) {
        return m.headers().first("Date").flatMap(SentDate::instant).orElse(m.internalDate());
    }

    /**
     * The local part (addr-mailbox) of the first address of a field, or the empty string.
     *
     * @param m the message
     * @param field From, To or Cc
     * @return the key
     */
    public static String mailbox(SearchCandidate m, String field) {
        return firstAddress(m, field).map(a -> BaseSubject.caseMapped(EncodedWords.decode(a.mailbox()))).orElse("");
    }

    /**
     * The display name of the first address of a field, or its {@code mailbox@host} when it has
     * none (RFC 5957 section 3), or the empty string.
     *
     * @param m the message
     * @param field From or To
     * @return the key
     */
    public static String display(SearchCandidate m, String field) {
        return firstAddress(m, field).map(a -> BaseSubject.caseMapped(a.name() == null ? a.spec()
                : EncodedWords.decode(a.name()))).orElse("");
    }

    private static Optional<AddressList.Address> firstAddress(SearchCandidate m, String field) {
        return m.headers().first(field).flatMap(v -> AddressList.parse(v).stream().filter(a -> a.host() != null)
                .findFirst());
    }

    /**
     * The base subject.
     *
     * @param m the message
     * @return the base subject
     */
    public static BaseSubject subject(SearchCandidate m) {
        return BaseSubject.of(m.headers().first("Subject").orElse(null));
    }
}
