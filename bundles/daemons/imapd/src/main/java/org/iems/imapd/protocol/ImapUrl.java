package org.iems.imapd.protocol;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An IMAP URL naming a message or a section of it (RFC 5092), as CATENATE takes them (RFC 4469
 * section 5): {@code imap://user@host/INBOX;UIDVALIDITY=385759045/;UID=20/;SECTION=1.MIME/;PARTIAL=0.1024},
 * or the same from the path on ({@code /INBOX;UIDVALIDITY=.../;UID=20}). The mailbox is in
 * modified UTF-7 and percent-encoded, as in the URL.
 *
 * @param text the URL as sent
 * @param mailbox the mailbox name as sent (percent-decoding done, modified UTF-7 not)
 * @param uidValidity the UIDVALIDITY the URL was made for, or 0 when it names none
 * @param uid the message's UID
 * @param section the section, or {@link Section#WHOLE}
 * @param partialStart the first octet of a partial, or -1
 * @param partialLength the most octets of a partial, or -1 for the rest
 */
public record ImapUrl(String text, String mailbox, long uidValidity, long uid, Section section, long partialStart,
        long partialLength) {

    private static final Pattern URL = Pattern.compile("(?i)^(?:imap://[^/]*)?/([^;/][^;]*?)(?:;UIDVALIDITY=(\\d{1,10}))?"
            + "/;UID=(\\d{1,10})(?:/;SECTION=([^/]+))?(?:/;PARTIAL=(\\d{1,10})(?:\\.(\\d{1,10}))?)?$");

    /**
     * Parses a URL.
     *
     * @param url the URL
     * @return what it names
     * @throws ImapSyntaxException if it is not one naming a message on this server
     */
    public static ImapUrl parse(String url) throws ImapSyntaxException {
        Matcher m = URL.matcher(url);
        if (!m.matches()) {
            throw new ImapSyntaxException("Not an IMAP URL of a message: " + url);
        }
        try {
            String mailbox = URLDecoder.decode(m.group(1).replace("+", "%2B"), StandardCharsets.UTF_8);
            long uidValidity = m.group(2) == null ? 0 : Long.parseLong(m.group(2));
            long uid = Long.parseLong(m.group(3));
            Section section = Section.WHOLE;
            if (m.group(4) != null) {
                String text = URLDecoder.decode(m.group(4).replace("+", "%2B"), StandardCharsets.UTF_8);
                section = Section.parse(new Arguments(new CommandText(List.of(text.toUpperCase(Locale.ROOT) + "]"),
                        List.of())));
            }
            long start = m.group(5) == null ? -1 : Long.parseLong(m.group(5));
            long length = m.group(6) == null ? -1 : Long.parseLong(m.group(6));
            if (uid == 0 || length == 0) {
                throw new ImapSyntaxException("Not an IMAP URL of a message: " + url);
            }
            return new ImapUrl(url, mailbox, uidValidity, uid, section, start, length);
        } catch (IllegalArgumentException e) {
            throw new ImapSyntaxException("Not an IMAP URL of a message: " + url);
        }
    }
}
