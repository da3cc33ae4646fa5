/**
 * The MQ API: the Shared Message Queue, its envelopes and per-recipient state, and the
 * delivery channels recipients are routed to (local delivery, SMTP, lists, BSMTP …). The queue
 * is served by role: {@link org.iems.api.queue.MessageQueue} to submit,
 * {@link org.iems.api.queue.QueueIntake} for the preprocessor, {@link org.iems.api.queue.DeliveryQueue}
 * for channels, {@link org.iems.api.queue.ManageableQueue} for operators (2.0).
 */
@Version("2.0.0")
@Export
package org.iems.api.queue;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
