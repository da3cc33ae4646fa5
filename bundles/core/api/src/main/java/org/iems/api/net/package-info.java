/**
 * Network plumbing shared by the protocol daemons (SMTP, IMAP, POP3 …): listeners that rebind
 * when their configuration changes, TLS and STARTTLS, IP access lists, connection limits, idle
 * timeouts and login throttling. A daemon describes its listeners and handles bytes; it never
 * sees the socket library underneath, and its handlers never run on an I/O thread.
 */
@Version("3.0.0")
@Export
package org.iems.api.net;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
