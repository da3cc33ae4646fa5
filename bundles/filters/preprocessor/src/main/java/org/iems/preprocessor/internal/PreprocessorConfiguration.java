package org.iems.preprocessor.internal;

import org.iems.api.config.Range;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the preprocessor, PID {@code org.iems.preprocessor}. */
@ObjectClassDefinition(id = "org.iems.preprocessor", name = "IEMS preprocessor",
        description = "Runs new queue entries through the filter chain and routes their recipients to channels.")
@interface PreprocessorConfiguration {

    @AttributeDefinition(name = "Required filters", description = "Filters (by name) without which no message passes:"
            + " while one is missing, new messages are held, and they resume when it is back; separated by spaces or commas")
    String[] required_filters() default {"mail-loop"};

    @AttributeDefinition(name = "Filter time budget", description = "Seconds one filter may take on one message;"
            + " past it the message is held and the postmaster alerted")
    @Range(min = 1)
    int filter_time_budget_seconds() default 60;

    @AttributeDefinition(name = "Alert quiet period", description = "Minutes during which the same alert is not mailed"
            + " to the postmaster again")
    @Range(min = 1)
    int alert_quiet_minutes() default 60;

    @AttributeDefinition(name = "Held retry interval", description = "Seconds between attempts to resume messages the"
            + " chain held by itself, once the chain is whole")
    @Range(min = 1)
    int held_retry_seconds() default 30;

    @AttributeDefinition(name = "Workers", description = "Threads preprocessing in parallel, each taking a batch;"
            + " two keep a two-core machine's listeners and outbound channel fed; more help when filters are slow"
            + " (virus scanning, DNS); read when the bundle starts")
    @Range(min = 1)
    int workers() default 2;

    @AttributeDefinition(name = "Batch", description = "New entries a worker claims at a time")
    @Range(min = 1)
    int batch() default 20;

    @AttributeDefinition(name = "Channel map", description = "Recipients sent through another channel than the"
            + " default, as key=channel separated by commas: an address (e.g. bsmtp-in@example.org=bsmtp-in) as it is,"
            + " a remote domain (e.g. partner.example=bsmtp) for all its addresses; empty = local accounts to local,"
            + " other domains to smtp")
    String[] channel_map() default {};
}
