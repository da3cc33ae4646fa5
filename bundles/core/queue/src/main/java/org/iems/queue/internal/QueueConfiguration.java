package org.iems.queue.internal;

import org.iems.api.config.Range;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the Shared Message Queue, PID {@code org.iems.queue}. */
@ObjectClassDefinition(id = "org.iems.queue", name = "IEMS message queue",
        description = "The durable queue between SMTP and the delivery channels: retries, time to live, workers.")
@interface QueueConfiguration {

    @AttributeDefinition(name = "First retry", description = "Minutes before a deferred recipient is tried again;"
            + " the delay doubles after each attempt")
    @Range(min = 1)
    int retry_initial_minutes() default 5;

    @AttributeDefinition(name = "Longest retry delay", description = "The most minutes between two attempts")
    @Range(min = 1)
    int retry_max_minutes() default 240;

    @AttributeDefinition(name = "Time to live", description = "Hours a message may wait in the queue; then its"
            + " undelivered recipients expire and the sender is notified")
    @Range(min = 1)
    int ttl_hours() default 72;

    @AttributeDefinition(name = "Lease", description = "Seconds a worker holds a claimed recipient; if the worker"
            + " dies, the recipient is due again after this")
    @Range(min = 10)
    int lease_seconds() default 300;

    @AttributeDefinition(name = "Delivery workers", description = "Threads delivering in parallel for each channel"
            + " (local, smtp …); more than the database can serve only contend for its locks")
    @Range(min = 1)
    int delivery_threads() default 2;

    @AttributeDefinition(name = "Delivery batch", description = "Recipients a worker claims at a time")
    @Range(min = 1)
    int delivery_batch() default 20;

    @AttributeDefinition(name = "Node name", description = "This node's name on its claims, so after a crash it takes"
            + " them back at once; nodes sharing one database need distinct names; empty = this machine's host name;"
            + " read when the bundle starts")
    String node_id() default "";

    @AttributeDefinition(name = "Spam tag", description = "The tag that marks a message as spam, as name=value (or a"
            + " name: any value), e.g. a filter's X-IEMS-Spam-Flag=YES; empty = no spam time to live")
    String spam_tag() default "X-IEMS-Spam-Flag=YES";

    @AttributeDefinition(name = "Spam time to live", description = "Hours a spam-tagged message, and a notification"
            + " about one, may wait in the queue; much shorter than the time to live, so undeliverable junk does not"
            + " fill the outbound queues")
    @Range(min = 1)
    int spam_ttl_hours() default 4;

    @AttributeDefinition(name = "Delay warning", description = "Hours a recipient may wait before its sender is told"
            + " the message is delayed and still being tried (RFC 3464, once per recipient; NOTIFY without DELAY"
            + " gets none); 0 = never")
    int delay_warning_hours() default 4;

    @AttributeDefinition(name = "DataSource filter", description = "OSGi filter selecting the IEMS DataSource")
    String dataSource_target() default "(dataSourceName=iems)";
}
