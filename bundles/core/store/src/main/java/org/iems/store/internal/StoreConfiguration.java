package org.iems.store.internal;

import org.iems.api.config.Range;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the message store and the blob store, PID {@code org.iems.store}. */
@ObjectClassDefinition(id = "org.iems.store", name = "IEMS message store",
        description = "Mailboxes in the database and message bodies as content-addressed files.")
@interface StoreConfiguration {

    @AttributeDefinition(name = "Blob directory", description = "Where message bodies are kept; empty ="
            + " ${karaf.data}/iems/blobs; a shared directory when several nodes share one database; read when the bundle starts")
    String blob_directory() default "";

    @AttributeDefinition(name = "Blob collection interval", description = "Minutes between runs of the collection"
            + " of bodies nothing holds any more")
    @Range(min = 1)
    int blob_gc_interval_minutes() default 60;

    @AttributeDefinition(name = "Blob grace period", description = "Minutes a body nothing holds is kept before it"
            + " may be removed (covers the moment between writing a body and queueing it)")
    @Range(min = 1)
    int blob_gc_grace_minutes() default 60;

    @AttributeDefinition(name = "Required blob holders", description = "Blob holders (service property blob.holder)"
            + " that must be present for a collection to run, separated by spaces or commas")
    String[] blob_gc_required_holders() default {"queue"};

    @AttributeDefinition(name = "Delivery key retention", description = "Days the key of each local delivery is kept,"
            + " so a delivery the queue retries after a crash is stored once; removed at each blob collection")
    @Range(min = 1)
    int delivery_key_retention_days() default 7;

    @AttributeDefinition(name = "Watch poll interval", description = "Milliseconds between looks at the mailboxes"
            + " IMAP sessions watch, for changes other nodes sharing the database made (this node's own are told at"
            + " once); 0 = never look (one node alone)")
    @Range(min = 0)
    int watch_poll_interval_millis() default 500;

    @AttributeDefinition(name = "DataSource filter", description = "OSGi filter selecting the IEMS DataSource")
    String dataSource_target() default "(dataSourceName=iems)";
}
