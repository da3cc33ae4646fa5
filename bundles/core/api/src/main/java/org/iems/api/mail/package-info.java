/**
 * Mail values shared by every IEMS bundle: domain names and mailbox addresses with the syntax
 * of RFC 5321 section 4.1.2, extended for internationalized mail by RFC 6531 (SMTPUTF8).
 */
@Version("1.2.0")
@Export
package org.iems.api.mail;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
