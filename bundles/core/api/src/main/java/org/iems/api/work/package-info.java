/**
 * Worker threads for work claimed in rounds under leases: the one claim loop every queue
 * worker, filter stage and channel runs on.
 */
@Version("1.0.0")
@Export
package org.iems.api.work;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
