package org.iems.imapd.protocol.mime;

import java.util.List;
import org.iems.imapd.protocol.ResponseBuilder;

/**
 * Writes the ENVELOPE of a message (RFC 3501 section 7.4.2): date, subject, the six address
 * lists and the two message ids, raw as in the header (encoded words stay encoded). Sender and
 * Reply-To default to From when absent.
 */
public final class EnvelopeWriter {

    private EnvelopeWriter() {
    }

    /**
     * Writes an envelope.
     *
     * @param out where to
     * @param headers the message's header
     */
    public static void write(ResponseBuilder out, Headers headers) {
        out.raw("(").nstring(headers.first("Date").orElse(null)).sp().nstring(headers.first("Subject").orElse(null));
        String from = headers.first("From").orElse(null);
        addresses(out.sp(), from);
        addresses(out.sp(), headers.first("Sender").orElse(from));
        addresses(out.sp(), headers.first("Reply-To").orElse(from));
        for (String field : List.of("To", "Cc", "Bcc")) {
            addresses(out.sp(), headers.first(field).orElse(null));
        }
        out.sp().nstring(headers.first("In-Reply-To").orElse(null)).sp()
                .nstring(headers.first("Message-ID").orElse(null)).raw(")");
    }

    private static void addresses(ResponseBuilder out, String value) {
        List<AddressList.Address> list = value == null ? List.of() : AddressList.parse(value);
        if (list.isEmpty()) {
            out.raw("NIL");
            return;
        }
        out.raw("(");
        for (AddressList.Address a : list) {
            out.raw("(").nstring(a.name()).sp().nstring(a.route()).sp().nstring(a.mailbox()).sp().nstring(a.host())
                    .raw(")");
        }
        out.raw(")");
    }
}
