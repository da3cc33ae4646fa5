package org.iems.api.mail;

/**
 * Thrown when text is not a valid domain name or mailbox address. The message is a short,
 * human-readable sentence fit to be shown to an operator or sent in a protocol reply.
 */
public class InvalidAddressException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong with the input, in one line
     */
    public InvalidAddressException(String message) {
        super(message);
    }
}
