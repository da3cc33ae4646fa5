package org.iems.bsmtp.internal;

import org.iems.api.config.Range;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of batch SMTP, PID {@code org.iems.bsmtp}. */
@ObjectClassDefinition(id = "org.iems.bsmtp", name = "IEMS batch SMTP",
        description = "RFC 2442 batch SMTP: the bsmtp channel packs queued mail into application/batch-SMTP messages;"
                + " the bsmtp-in channel unpacks such messages back into the queue.")
@interface BsmtpConfiguration {

    @AttributeDefinition(name = "Batch address", description = "Where the batches of the bsmtp channel go (routed like"
            + " any mail); empty = the channel packs nothing and its mail waits in the queue")
    String batch_address() default "";

    @AttributeDefinition(name = "Batch sender", description = "The envelope sender and From of batches; empty ="
            + " postmaster of the local domain")
    String batch_sender() default "";

    @AttributeDefinition(name = "Batch interval", description = "Seconds between two batches: mail for the channel"
            + " gathers this long")
    @Range(min = 1)
    int batch_interval_seconds() default 60;

    @AttributeDefinition(name = "Messages per batch", description = "The most messages packed into one batch")
    @Range(min = 1)
    int batch_max_messages() default 100;

    @AttributeDefinition(name = "Octets per batch", description = "A batch is closed once its messages reach this size"
            + " (a larger single message travels alone)")
    @Range(min = 1)
    long batch_max_bytes() default 10485760;

    @AttributeDefinition(name = "Accepted batch senders", description = "Envelope senders whose batches the bsmtp-in"
            + " channel unpacks, separated by commas; batches from anyone else bounce (5.7.1); empty = none")
    String[] accept_senders() default {};
}
