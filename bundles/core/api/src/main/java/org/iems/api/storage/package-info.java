/**
 * Storage plumbing shared by the bundles that keep data in the IEMS database: versioned
 * schema migrations, each set owned by the bundle whose tables it creates (and the JDBC runner the
 * db bundle publishes and tests open), and the blob
 * references a holder keeps in its tables, files only the server's user may read, and the
 * transactions with the server's one retry policy.
 */
@Version("1.3.0")
@Export
package org.iems.api.storage;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
