/**
 * Authentication of mail users for every protocol, with a per-protocol default login
 * domain so that a bare user name ({@code bart}) logs in as {@code bart@<default domain>}.
 */
@Version("1.0.0")
@Export
package org.iems.api.auth;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
