package org.iems.pop3d.protocol;

import java.io.IOException;
import java.util.Optional;
import org.iems.api.mail.MailAddress;

/** Opens users' maildrops, one POP3 session at a time per maildrop. */
@FunctionalInterface
public interface Maildrops {

    /**
     * Opens and locks an account's maildrop.
     *
     * @param account the logged-in account
     * @return the maildrop, or empty if another session holds its lock
     * @throws IOException if the store cannot be read
     */
    Optional<Maildrop> open(MailAddress account) throws IOException;
}
