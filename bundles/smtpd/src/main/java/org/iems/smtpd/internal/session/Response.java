package org.iems.smtpd.internal.session;

import org.iems.smtpd.protocol.SmtpReply;

/**
 * The session's answer to one input: the reply to send, and what the transport does next.
 *
 * @param reply the reply
 * @param next what the connection does after sending it
 * @param chunkSize for {@link Next#READ_CHUNK}: how many octets of BDAT data follow
 */
public record Response(SmtpReply reply, Next next, long chunkSize) {

    /** What the transport does after the reply. */
    public enum Next {
        /** Read the next command line. */
        COMMAND,
        /** Read an AUTH continuation line (base64). */
        AUTH_LINE,
        /** Read message text up to CRLF.CRLF, then call {@link SmtpSession#endOfData}. */
        READ_DATA,
        /** Read exactly {@code chunkSize} octets of BDAT data, then call {@link SmtpSession#endOfChunk}. */
        READ_CHUNK,
        /** Start TLS, discarding anything the client sent after STARTTLS (RFC 3207 section 4.2). */
        START_TLS,
        /** Close the connection. */
        CLOSE
    }

    static Response reply(SmtpReply reply) {
        return new Response(reply, Next.COMMAND, 0);
    }

    static Response then(SmtpReply reply, Next next) {
        return new Response(reply, next, 0);
    }
}
