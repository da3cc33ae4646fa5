package org.iems.api.directory;

import java.util.List;
import java.util.Optional;
import org.iems.api.mail.DomainName;
import org.iems.api.mail.MailAddress;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Management of the directory: everything an administrator creates, changes or removes.
 *
 * <p>Every method either applies its change completely and durably or throws a
 * {@link DirectoryException} whose message names the problem, and changes nothing. Methods are
 * safe to call from several threads. Bulk methods take thousands of items in one call.
 */
@ProviderType
public interface Directory {

    // ----- domains

    /**
     * Adds a hosted domain.
     *
     * @param name the domain
     * @return the new domain
     * @throws DirectoryException {@code DUPLICATE} if it is hosted already, {@code CONFLICT} if it
     *         is a domain alias
     */
    Domain addDomain(DomainName name);

    /**
     * Lists the hosted domains, sorted by name.
     *
     * @return every hosted domain
     */
    List<Domain> listDomains();

    /**
     * Looks a hosted domain up.
     *
     * @param name the domain
     * @return the domain, or empty if it is not hosted
     */
    Optional<Domain> findDomain(DomainName name);

    /**
     * Removes a hosted domain.
     *
     * @param name the domain
     * @param force if {@code true}, also remove its accounts, aliases and domain aliases; if
     *        {@code false}, refuse while any exist
     * @throws DirectoryException {@code NOT_FOUND}, or {@code CONFLICT} if the domain is in use
     *         and {@code force} is false
     */
    void removeDomain(DomainName name, boolean force);

    /**
     * Adds a one-way domain alias (see {@link DomainAlias}).
     *
     * @param alias the alias name; must not be a hosted domain
     * @param target the hosted domain it points to
     * @return the new alias
     * @throws DirectoryException {@code UNKNOWN_DOMAIN} if the target is not hosted,
     *         {@code DUPLICATE} or {@code CONFLICT} if the alias name is taken
     */
    DomainAlias addDomainAlias(DomainName alias, DomainName target);

    /**
     * Lists the domain aliases, sorted by alias name.
     *
     * @return every domain alias
     */
    List<DomainAlias> listDomainAliases();

    /**
     * Removes a domain alias.
     *
     * @param alias the alias name
     * @throws DirectoryException {@code NOT_FOUND} if there is no such alias
     */
    void removeDomainAlias(DomainName alias);

    // ----- accounts

    /**
     * Creates an account.
     *
     * @param account the account to create
     * @return the created account
     * @throws DirectoryException {@code INVALID} (empty password), {@code UNKNOWN_DOMAIN},
     *         {@code DUPLICATE} (an account or alias has that address)
     */
    Account addAccount(NewAccount account);

    /**
     * Creates many accounts in one call (the Account Opening Agent). Passwords are hashed in
     * parallel; rows are written in one transaction.
     *
     * @param accounts the accounts, in request order
     * @param mode whether one invalid item cancels all ({@link BulkMode#ALL_OR_NOTHING})
     * @return how many were created and which failed, by index
     */
    BulkResult addAccounts(List<NewAccount> accounts, BulkMode mode);

    /**
     * Looks an account up by its exact address (no alias or domain-alias resolution).
     *
     * @param address the account's address
     * @return the account, or empty
     */
    Optional<Account> findAccount(MailAddress address);

    /**
     * Lists accounts, sorted by address, one page at a time.
     *
     * @param domain only this domain's accounts, or {@code null} for all
     * @param offset the first item's position, from 0
     * @param limit the page size, at least 1
     * @return the page
     */
    Page<Account> listAccounts(DomainName domain, int offset, int limit);

    /**
     * Removes accounts, with their domain-administrator rights.
     *
     * @param addresses the accounts to remove
     * @param mode whether one unknown address cancels all
     * @return how many were removed and which failed, by index
     */
    BulkResult removeAccounts(List<MailAddress> addresses, BulkMode mode);

    /**
     * Sets an account's password.
     *
     * @param address the account
     * @param password the new password in clear text; not empty
     * @throws DirectoryException {@code NOT_FOUND} or {@code INVALID}
     */
    void setPassword(MailAddress address, String password);

    /**
     * Enables or disables an account. A disabled account cannot log in.
     *
     * @param address the account
     * @param enabled the new state
     * @throws DirectoryException {@code NOT_FOUND}
     */
    void setEnabled(MailAddress address, boolean enabled);

    /**
     * Sets an account's quota: what its mailboxes may hold. Applies to the next delivery; mail
     * already stored stays.
     *
     * @param address the account
     * @param bytes the most bytes; 0 = unlimited
     * @param messages the most messages; 0 = unlimited
     * @throws DirectoryException {@code NOT_FOUND}, or {@code INVALID} for a negative value
     */
    void setQuota(MailAddress address, long bytes, long messages);

    // ----- aliases

    /**
     * Creates an address alias.
     *
     * @param alias the alias
     * @return the created alias
     * @throws DirectoryException {@code UNKNOWN_DOMAIN}, {@code DUPLICATE} (an account or alias
     *         has that address), {@code LOOP} (expansion would come back to the alias),
     *         {@code INVALID} (no targets)
     */
    Alias addAlias(Alias alias);

    /**
     * Lists aliases, sorted by address, one page at a time.
     *
     * @param domain only this domain's aliases, or {@code null} for all
     * @param offset the first item's position, from 0
     * @param limit the page size, at least 1
     * @return the page
     */
    Page<Alias> listAliases(DomainName domain, int offset, int limit);

    /**
     * Looks an alias up by its exact address.
     *
     * @param address the alias address
     * @return the alias, or empty
     */
    Optional<Alias> findAlias(MailAddress address);

    /**
     * Removes an alias.
     *
     * @param address the alias address
     * @throws DirectoryException {@code NOT_FOUND}
     */
    void removeAlias(MailAddress address);

    // ----- domain administrators

    /**
     * Lets an account administer a hosted domain.
     *
     * @param account an existing account
     * @param domain a hosted domain
     * @throws DirectoryException {@code NOT_FOUND}, {@code UNKNOWN_DOMAIN} or {@code DUPLICATE}
     */
    void addDomainAdmin(MailAddress account, DomainName domain);

    /**
     * Lists domain administrators, sorted by account.
     *
     * @return every account that administers at least one domain
     */
    List<DomainAdmin> listDomainAdmins();

    /**
     * Withdraws an account's right to administer a domain.
     *
     * @param account the account
     * @param domain the domain
     * @throws DirectoryException {@code NOT_FOUND} if the account did not administer it
     */
    void removeDomainAdmin(MailAddress account, DomainName domain);

    // ----- sender addresses

    /**
     * Lets an account, or every account of a domain, send under more sender addresses.
     *
     * @param grant who may send as what
     * @throws DirectoryException {@code NOT_FOUND} for an unknown grantee account,
     *         {@code UNKNOWN_DOMAIN} for a grantee domain not hosted here, {@code DUPLICATE}
     * @since 1.1
     */
    void addSenderGrant(SenderGrant grant);

    /**
     * Lists the sender grants, sorted by grantee and sender.
     *
     * @return every grant
     * @since 1.1
     */
    List<SenderGrant> listSenderGrants();

    /**
     * Withdraws a sender grant.
     *
     * @param grant the grant
     * @throws DirectoryException {@code NOT_FOUND} if there was no such grant
     * @since 1.1
     */
    void removeSenderGrant(SenderGrant grant);

    /**
     * Tells whether an authenticated account may send under a sender address: its own address,
     * an alias or domain-alias address that delivers to it, or an address a {@link SenderGrant}
     * covers (like Postfix's {@code reject_sender_login_mismatch} with a sender login map).
     *
     * @param account the authenticated account
     * @param sender the envelope sender it gives
     * @return whether the account may use that sender
     * @since 1.1
     */
    boolean maySendAs(MailAddress account, MailAddress sender);

    /**
     * The local domain: the one created with its postmaster at first start, whose postmaster
     * receives mail for a bare {@code <Postmaster>} and the server's own alerts.
     *
     * @return the configured local domain
     */
    DomainName localDomain();
}
