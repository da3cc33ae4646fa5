package org.iems.imapd.protocol.mime;

import java.util.List;
import org.iems.imapd.protocol.ResponseBuilder;

/**
 * Writes the ENVELOPE of a message (RFC 3501 section 7.4.2): date, subject, the six address
 * lists and the two message ids, raw as in the header (encoded words stay encoded). Sender and
 * Reply-To are From's when they are absent or hold no address.
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
        List<AddressList.Address> from = addresses(headers, "From");
        List<AddressList.Address> sender = addresses(headers, "Sender");
        List<AddressList.Address> replyTo = addresses(headers, "Reply-To");
        write(out.sp(), from);
        write(out.sp(), sender.isEmpty() ? from : sender);
        write(out.sp(), replyTo.isEmpty() ? from : replyTo);
        for (String field : List.of("To", "Cc", "Bcc")) {
            write(out.sp(), addresses(headers, field));
        }
        out.sp().nstring(headers.first("In-Reply-To").orElse(null)).sp()
                .nstring(headers.first("Message-ID").orElse(null)).raw(")");
    }

    private static List<AddressList.Address> addresses(Headers headers, String field) {
        return headers.first(field).map(AddressList::parse).orElse(List.of());
    }

    private static void write(ResponseBuilder out, List<AddressList.Address> list) {
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
