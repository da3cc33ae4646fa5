package org.iems.api.directory;

import java.util.Objects;
import org.iems.api.mail.DomainName;
import org.iems.api.mail.MailAddress;

/**
 * A permission to send under sender addresses that are not one's own: an authenticated user may
 * always use its own address and the aliases that deliver to it; a grant adds more, the way a
 * domain admin lets an assistant send as the boss, or lets a whole application domain send as
 * anyone.
 *
 * @param grantee an account address ({@code bart@ima.com}), or {@code @domain} for every account
 *        of a hosted domain
 * @param sender a sender address, {@code @domain} for every address of a domain, or {@code *}
 *        for any address at all
 * @since 1.1
 */
public record SenderGrant(String grantee, String sender) {

    /** The sender pattern that matches every address. */
    public static final String ANY = "*";

    /**
     * Checks and normalises the patterns (lower case, domains in their ASCII form).
     *
     * @param grantee the account or {@code @domain}
     * @param sender the address, {@code @domain} or {@code *}
     * @throws IllegalArgumentException naming the malformed pattern
     */
    public SenderGrant {
        Objects.requireNonNull(grantee, "grantee");
        Objects.requireNonNull(sender, "sender");
        grantee = normalise(grantee.strip(), false);
        sender = normalise(sender.strip(), true);
    }

    private static String normalise(String pattern, boolean mayBeAny) {
        if (mayBeAny && pattern.equals(ANY)) {
            return ANY;
        }
        if (pattern.startsWith("@")) {
            return everyAddressOf(DomainName.parse(pattern.substring(1)));
        }
        return MailAddress.parse(pattern).key();
    }

    /**
     * The pattern that stands for every address of a domain, as grants hold it.
     *
     * @param domain the domain
     * @return {@code @} and the domain's ASCII form
     */
    public static String everyAddressOf(DomainName domain) {
        return "@" + domain.ascii();
    }

    /**
     * Tells whether this grant covers an account sending as an address.
     *
     * @param account the authenticated account
     * @param address the sender address it uses
     * @return whether the grantee includes the account and the sender pattern the address
     */
    public boolean covers(MailAddress account, MailAddress address) {
        boolean forAccount = grantee.equals(account.key()) || grantee.equals(everyAddressOf(account.domain()));
        return forAccount && (sender.equals(ANY) || sender.equals(everyAddressOf(address.domain()))
                || sender.equals(address.key()));
    }
}
