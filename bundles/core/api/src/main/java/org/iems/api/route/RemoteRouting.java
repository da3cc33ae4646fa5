package org.iems.api.route;

import org.iems.api.mail.DomainName;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The outbound SMTP channel's routing, as a service: where mail for a domain would go now.
 */
@ProviderType
public interface RemoteRouting {

    /**
     * Works out the route of a remote domain, asking DNS as a delivery would.
     *
     * @param domain the recipient domain
     * @return the route and the addresses it leads to, or why there are none
     */
    RemoteRoute route(DomainName domain);
}
