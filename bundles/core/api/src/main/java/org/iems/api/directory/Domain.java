package org.iems.api.directory;

import java.time.Instant;
import org.iems.api.mail.DomainName;

/**
 * A domain hosted by IEMS: mail addressed to it is delivered locally.
 *
 * @param name the domain name
 * @param created when the domain was added
 */
public record Domain(DomainName name, Instant created) {
}
