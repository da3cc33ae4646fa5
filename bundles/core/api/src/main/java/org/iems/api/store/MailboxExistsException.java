package org.iems.api.store;

import java.io.IOException;

/** A mailbox that is to be created exists already. */
public class MailboxExistsException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which mailbox of which account, in one line
     */
    public MailboxExistsException(String message) {
        super(message);
    }
}
