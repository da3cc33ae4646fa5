package org.iems.api.store;

import java.io.IOException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * An account's maildrop lock (RFC 1939 section 8: one POP3 session at a time), held for every
 * node sharing the store: for a lease that the holder renews while it works, so the lock of a
 * node that died frees itself when its lease ends.
 */
@ProviderType
public interface MaildropLock extends AutoCloseable {

    /**
     * Extends the lease if half of it has passed; cheap otherwise, so a session calls it at
     * every command.
     *
     * @throws IOException on a storage failure
     */
    void renew() throws IOException;

    /** Releases the lock. Never throws; a failure is logged and the lease ends the lock. */
    @Override
    void close();
}
