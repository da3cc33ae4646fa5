package org.iems.queue.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the Shared Message Queue, PID {@code org.iems.queue}. */
@ObjectClassDefinition(id = "org.iems.queue", name = "IEMS message queue",
        description = "The durable queue between SMTP and the delivery channels: retries, time to live, workers.")
@interface QueueConfiguration {

    @AttributeDefinition(name = "First retry", description = "Minutes before a deferred recipient is tried again;"
            + " the delay doubles after each attempt")
    int retry_initial_minutes() default 5;

    @AttributeDefinition(name = "Longest retry delay", description = "The most minutes between two attempts")
    int retry_max_minutes() default 240;

    @AttributeDefinition(name = "Time to live", description = "Hours a message may wait in the queue; then its"
            + " undelivered recipients expire and the sender is notified")
    int ttl_hours() default 72;

    @AttributeDefinition(name = "Lease", description = "Seconds a worker holds a claimed recipient; if the worker"
            + " dies, the recipient is due again after this")
    int lease_seconds() default 300;

    @AttributeDefinition(name = "Delivery workers", description = "Threads delivering in parallel for each channel"
            + " (local, smtp …); more than the database can serve only contend for its locks")
    int delivery_threads() default 2;

    @AttributeDefinition(name = "Delivery batch", description = "Recipients a worker claims at a time")
    int delivery_batch() default 20;

    @AttributeDefinition(name = "Node name", description = "This node's name on its claims, so after a crash it takes"
            + " them back at once; nodes sharing one database need distinct names; empty = this machine's host name;"
            + " read when the bundle starts")
    String node_id() default "";
}
