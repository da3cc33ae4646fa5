/**
 * The message store: mailboxes per account, UIDs, flags, quotas; bodies are shared blobs.
 */
@Version("1.7.0")
@Export
package org.iems.api.store;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
