package org.iems.pop3d.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.List;

/**
 * A user's maildrop, opened and locked for one POP3 session: the messages as they were when
 * it was opened.
 */
public interface Maildrop {

    /**
     * The messages, in the order their numbers count (1 first).
     *
     * @return the messages when the maildrop was opened
     */
    List<MaildropMessage> messages();

    /**
     * Opens a message's text.
     *
     * @param message one of {@link #messages()}
     * @return the octets as stored, lines ending in CRLF
     * @throws IOException if it cannot be read
     */
    InputStream open(MaildropMessage message) throws IOException;

    /**
     * Removes messages for good (the UPDATE state).
     *
     * @param deleted the messages marked deleted
     * @throws IOException if the store could not remove them; nothing or only some were removed
     */
    void remove(Collection<MaildropMessage> deleted) throws IOException;

    /** Releases the lock. Called once, however the session ends. */
    void release();
}
