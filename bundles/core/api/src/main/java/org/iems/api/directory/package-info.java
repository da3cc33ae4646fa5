/**
 * The directory: hosted domains, domain aliases, accounts, address aliases, domain
 * administrators, and recipient resolution. The embedded implementation lives in the
 * {@code directory} bundle; an LDAP-backed one may provide the same services.
 */
@Version("1.2.0")
@Export
package org.iems.api.directory;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
