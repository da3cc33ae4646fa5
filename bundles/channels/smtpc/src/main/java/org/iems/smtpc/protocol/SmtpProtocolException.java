package org.iems.smtpc.protocol;

import java.io.IOException;

/** The server broke the protocol: a malformed reply, a reply out of place. */
public final class SmtpProtocolException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what was wrong
     */
    public SmtpProtocolException(String message) {
        super(message);
    }
}
