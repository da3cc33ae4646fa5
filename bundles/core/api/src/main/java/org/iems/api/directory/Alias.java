package org.iems.api.directory;

import java.util.List;
import org.iems.api.mail.MailAddress;

/**
 * An address alias: mail to {@link #address()} goes to each of {@link #targets()}, which may be
 * local accounts, other aliases (expanded recursively) or remote addresses.
 *
 * @param address the alias address; its domain must be hosted
 * @param targets where the mail goes, at least one, in the order they were given
 */
public record Alias(MailAddress address, List<MailAddress> targets) {

    /**
     * Creates the alias value with an unmodifiable copy of the targets.
     *
     * @param address the alias address
     * @param targets the targets
     */
    public Alias {
        targets = List.copyOf(targets);
    }
}
