package org.iems.imapd.protocol.mime;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.james.mime4j.codec.EncoderUtil;
import org.apache.james.mime4j.dom.address.Group;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.field.address.LenientAddressParser;
import org.apache.james.mime4j.util.CharsetUtil;

/**
 * Reads an address-list header (RFC 5322 section 3.4, with the obsolete syntax of section 4.4:
 * comments and white space anywhere, source routes) into the parts an IMAP ENVELOPE names (RFC
 * 3501 section 7.4.2): display name, source route, mailbox and host of each address, and group
 * start and end markers. The parsing is mime4j's lenient address parser: whatever a mail reader
 * would show as an address is read as one; nothing throws.
 */
public final class AddressList {

    /**
     * One element of an ENVELOPE address list.
     *
     * @param name the display name, or null; as the header has it, so a name that is not ASCII
     *        stays an RFC 2047 encoded word
     * @param route the source route ({@code @a,@b}), or null
     * @param mailbox the local part, the group name at a group's start, null at its end
     * @param host the domain (empty when the address has none); null at a group's start or end
     */
    public record Address(String name, String route, String mailbox, String host) {

        /** The address as SEARCH compares it: {@code mailbox@host}, or the mailbox alone without a host. */
        public String spec() {
            return host == null || host.isEmpty() ? String.valueOf(mailbox) : mailbox + "@" + host;
        }
    }

    private AddressList() {
    }

    /**
     * Parses a header value.
     *
     * @param value the raw value
     * @return the addresses with group markers, in order; empty for an empty field
     */
    public static List<Address> parse(String value) {
        List<Address> out = new ArrayList<>();
        for (org.apache.james.mime4j.dom.address.Address a : LenientAddressParser.DEFAULT.parseAddressList(value)) {
            if (a instanceof Group group) {
                out.add(new Address(null, null, group.getName(), null));
                group.getMailboxes().forEach(m -> out.add(of(m)));
                out.add(new Address(null, null, null, null));
            } else if (a instanceof Mailbox mailbox && !mailbox.getLocalPart().isEmpty()) {
                out.add(of(mailbox));
            }
        }
        return out;
    }

    private static Address of(Mailbox m) {
        String route = m.getRoute() == null || m.getRoute().isEmpty() ? null : m.getRoute().toRouteString();
        return new Address(name(m.getName()), route, m.getLocalPart(), m.getDomain() == null ? "" : m.getDomain());
    }

    /** The parser decodes encoded words; an ENVELOPE carries the name in 7 bits, so it is encoded again, in UTF-8. */
    private static String name(String decoded) {
        if (decoded == null || decoded.isBlank()) {
            return null;
        }
        return CharsetUtil.isASCII(decoded) ? decoded
                : EncoderUtil.encodeEncodedWord(decoded, EncoderUtil.Usage.WORD_ENTITY, 0, StandardCharsets.UTF_8, null);
    }
}
