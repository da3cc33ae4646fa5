package org.iems.imapd.internal.session;

import java.util.ArrayList;
import java.util.List;
import org.iems.imapd.protocol.ResponseBuilder;

/**
 * One untagged FETCH response being put together: text, and literals whose octets are read from
 * storage only as the response is written, so a large section is never held in memory.
 */
final class FetchResponse {

    /** A literal's octets, read when written. */
    record Streamed(OctetSource opener, long size) {
    }

    private final List<Object> pieces = new ArrayList<>();
    private ResponseBuilder text;

    FetchResponse(int sequence) {
        text = new ResponseBuilder().number(sequence).raw(" FETCH (");
    }

    /** The text being written now. */
    ResponseBuilder text() {
        return text;
    }

    /**
     * A literal of a known size whose octets are read when the response is written.
     *
     * @param opener opens its octets
     * @param size how many there are
     * @param literal8 whether it is a literal8 ({@code ~{n}}, RFC 3516), which may hold NUL
     */
    void literal(OctetSource opener, long size, boolean literal8) {
        text.raw((literal8 ? "~{" : "{") + size + "}\r\n");
        pieces.add(text);
        pieces.add(new Streamed(opener, size));
        text = new ResponseBuilder();
    }

    /** The pieces in order, the closing parenthesis added: {@link ResponseBuilder}s and {@link Streamed}s. */
    List<Object> pieces() {
        List<Object> all = new ArrayList<>(pieces);
        all.add(text.raw(")"));
        return all;
    }
}
