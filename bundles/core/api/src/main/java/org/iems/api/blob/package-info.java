/**
 * Message bodies as content-addressed blobs: written once, fsync'd, named by their SHA-256,
 * shared by every recipient, the queue and the store, and removed when nothing holds them.
 */
@Version("1.0.0")
@Export
package org.iems.api.blob;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
