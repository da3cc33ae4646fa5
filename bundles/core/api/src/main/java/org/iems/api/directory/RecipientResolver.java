package org.iems.api.directory;

import org.iems.api.mail.MailAddress;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Resolves recipient addresses: a local account, an alias expanded recursively (bounded in
 * depth, loops cut), or unknown, looking through one-way domain aliases. An account or alias
 * that exists under a domain alias's own name wins over the aliased domain.
 */
@ProviderType
public interface RecipientResolver {

    /**
     * Resolves one recipient.
     *
     * @param recipient the address from the envelope
     * @return where mail for it goes; never {@code null}
     */
    RecipientResolution resolve(MailAddress recipient);
}
