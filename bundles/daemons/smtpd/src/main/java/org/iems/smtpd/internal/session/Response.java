package org.iems.smtpd.internal.session;

import org.iems.smtpd.protocol.SmtpReply;

/**
 * The session's answer to one input: the reply to send, and what the transport does next.
 *
 * @param reply the reply
 * @param next what the connection does after sending it
 * @param chunkSize for {@link Next#READ_CHUNK}: how many octets of BDAT data follow
 * @param harvesting whether the command was an error of the kind address harvesters make by the
 *        thousand (an unknown local recipient), which the transport may slow down
 */
public record Response(SmtpReply reply, Next next, long chunkSize, boolean harvesting) {

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
        return new Response(reply, Next.COMMAND, 0, false);
    }

    static Response then(SmtpReply reply, Next next) {
        return new Response(reply, next, 0, false);
    }

    static Response chunk(SmtpReply reply, long size) {
        return new Response(reply, Next.READ_CHUNK, size, false);
    }

    static Response harvestingError(SmtpReply reply) {
        return new Response(reply, Next.COMMAND, 0, true);
    }
}
