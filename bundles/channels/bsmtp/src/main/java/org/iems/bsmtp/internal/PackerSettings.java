package org.iems.bsmtp.internal;

import java.time.Duration;
import java.util.Optional;
import org.iems.api.mail.MailAddress;

/**
 * What the packer does, from the configuration.
 *
 * @param address where batches go; empty = the packer is off
 * @param sender the batches' sender
 * @param interval the time between batches
 * @param maxMessages the most messages in one batch
 * @param maxBytes the size at which a batch is closed
 * @param heloName the name the batch's EHLO line gives
 */
record PackerSettings(Optional<MailAddress> address, MailAddress sender, Duration interval, int maxMessages,
        long maxBytes, String heloName) {
}
