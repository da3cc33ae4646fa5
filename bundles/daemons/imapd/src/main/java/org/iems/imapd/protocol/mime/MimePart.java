package org.iems.imapd.protocol.mime;

import java.util.List;
import java.util.Optional;

/**
 * One part of a message's MIME structure (RFC 2045, 2046) with its place in the message's octets,
 * so that a section (RFC 3501 section 6.4.5) is a range of the stored message and never a copy.
 *
 * @param headerStart where the part's header starts
 * @param bodyStart where its body starts, after the blank line
 * @param end where it ends (before the CRLF that belongs to the next boundary)
 * @param headers its header fields
 * @param type its content type, the default filled in
 * @param bodyLines the lines of its body
 * @param children the parts of a multipart
 * @param message the message inside a message/rfc822 part
 */
public record MimePart(int headerStart, int bodyStart, int end, Headers headers, ContentType type, int bodyLines,
        List<MimePart> children, Optional<MimePart> message) {

    /**
     * Whether it is a multipart.
     *
     * @return whether it has children
     */
    public boolean multipart() {
        return type.type().equals("multipart");
    }

    /**
     * The octets of its body.
     *
     * @return the length of the body
     */
    public int bodySize() {
        return end - bodyStart;
    }
}
