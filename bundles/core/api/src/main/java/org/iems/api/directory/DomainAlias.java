package org.iems.api.directory;

import org.iems.api.mail.DomainName;

/**
 * A one-way domain alias: mail to {@code user@alias} reaches the account {@code user@target},
 * unless an account or alias exists under the alias name itself. Mail to {@code user@target}
 * never reaches {@code user@alias}.
 *
 * @param alias the alias domain name, which is not itself a hosted domain
 * @param target the hosted domain it points to
 */
public record DomainAlias(DomainName alias, DomainName target) {
}
