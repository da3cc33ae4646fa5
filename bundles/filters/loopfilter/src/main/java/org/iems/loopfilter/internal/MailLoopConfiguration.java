package org.iems.loopfilter.internal;

import org.iems.api.config.Range;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the mail-loop filter, PID {@code org.iems.loopfilter}. */
@ObjectClassDefinition(id = "org.iems.loopfilter", name = "IEMS mail-loop filter",
        description = "Bounces messages that have passed through too many mail servers.")
@interface MailLoopConfiguration {

    @AttributeDefinition(name = "Most hops", description = "Received header fields a message may carry; one more"
            + " and it bounces as a mail loop (5.4.6)")
    @Range(min = 1)
    int max_received_headers() default 50;
}
