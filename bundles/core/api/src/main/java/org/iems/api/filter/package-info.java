/**
 * The preprocessor filter SPI: filters (anti-virus, SpamAssassin, DNS-BL, disclaimers …) see
 * every new queue entry, in {@code service.ranking} order, before it is routed.
 */
@Version("1.0.0")
@Export
package org.iems.api.filter;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
