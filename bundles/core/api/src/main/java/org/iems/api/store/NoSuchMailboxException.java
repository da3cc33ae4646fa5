package org.iems.api.store;

import java.io.IOException;

/** The mailbox does not exist (and is not a special-use mailbox created on first use). */
public class NoSuchMailboxException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which mailbox of which account, in one line
     */
    public NoSuchMailboxException(String message) {
        super(message);
    }
}
