/**
 * How mail for other domains leaves: the outbound SMTP channel tells operators (and
 * {@code iems:route-test}) the next hop of a domain and what DNS says about it.
 */
@Export
@Version("1.0.0")
package org.iems.api.route;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
