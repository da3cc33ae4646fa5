package org.iems.imapd.internal.session;

import java.io.IOException;
import java.io.InputStream;

/** Opens some octets to read, again at each call (a literal sent later, a piece of a new message). */
@FunctionalInterface
interface OctetSource {

    /**
     * @return the octets, which the caller closes
     * @throws IOException if they cannot be read
     */
    InputStream open() throws IOException;
}
