package org.iems.imapd.protocol;

/**
 * A mailbox name that is a well-formed string but not valid modified UTF-7 (RFC 3501 section
 * 5.1.3). It is not a syntax error: a command naming such a mailbox is refused with NO, and a
 * LIST pattern written so matches nothing.
 */
public final class InvalidMailboxNameException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong with the name
     */
    public InvalidMailboxNameException(String message) {
        super(message);
    }
}
