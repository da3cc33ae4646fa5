package org.iems.smtpc.internal;

import java.time.Duration;
import org.iems.smtpc.protocol.ClientTimeouts;

/**
 * What every connection of the channel uses, read from the configuration.
 *
 * @param heloName the name said in EHLO
 * @param connectTimeout how long a TCP connect may take
 * @param timeouts the reply timeouts
 * @param startTls whether STARTTLS is used when offered (opportunistic TLS)
 * @param source the local addresses connections come from
 */
record ClientSettings(String heloName, Duration connectTimeout, ClientTimeouts timeouts, boolean startTls,
        SourceAddresses source) {
}
