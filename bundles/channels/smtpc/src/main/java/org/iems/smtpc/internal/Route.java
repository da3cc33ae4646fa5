package org.iems.smtpc.internal;

import org.iems.api.route.RemoteRoute.Source;

/**
 * How mail for one recipient domain leaves: the target, and what the destination requires.
 *
 * @param target where to connect
 * @param source what decided the target
 * @param tlsRequired whether the connection must be encrypted (STARTTLS) before the mail goes
 * @param peer whether the domain is a peer, which receives IEMS's pass-through tags
 */
record Route(Target target, Source source, boolean tlsRequired, boolean peer) {

    /** The name of the virtual queue the mail waits in: one per target. */
    String queueName() {
        return target.describe();
    }
}
