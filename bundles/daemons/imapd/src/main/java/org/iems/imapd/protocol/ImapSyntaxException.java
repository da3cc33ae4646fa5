package org.iems.imapd.protocol;

/** A command that does not parse: the reply is {@code BAD} with this message. */
public final class ImapSyntaxException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong, for the client
     */
    public ImapSyntaxException(String message) {
        super(message);
    }
}
