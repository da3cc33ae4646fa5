/**
 * The MQ API: the Shared Message Queue, its envelopes and per-recipient state, and the
 * delivery channels recipients are routed to (local delivery, SMTP, lists, BSMTP …).
 */
@Version("2.0.0")
@Export
package org.iems.api.queue;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
