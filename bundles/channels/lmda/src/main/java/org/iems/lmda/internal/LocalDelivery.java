package org.iems.lmda.internal;

import java.io.IOException;
import java.util.Set;
import org.iems.api.queue.Delivery;
import org.iems.api.queue.DeliveryChannel;
import org.iems.api.queue.DeliveryResult;
import org.iems.api.store.MailDelivery;
import org.iems.api.store.NoSuchMailboxException;
import org.iems.api.store.QuotaExceededException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code local} channel: stores the message in the account's INBOX, with the time of receipt
 * as its internal date and the envelope's sender as {@code Return-Path:}. Over quota or a storage failure is temporary (retried until the time to
 * live, then bounced), never a silent loss. The delivery key makes a retry after a crash store
 * nothing twice.
 *
 * <p>Per-user rules, spam policy and vacation replies (later issues) run in
 * {@link #mailboxFor(Delivery)}'s place: they choose the mailbox, or turn the delivery into a
 * discard or a forward.
 */
@Component(service = DeliveryChannel.class, immediate = true)
public final class LocalDelivery implements DeliveryChannel {

    /** The channel's name, as the router uses it. */
    public static final String NAME = "local";

    private final MailDelivery store;

    /**
     * @param store the message store, as delivery sees it
     */
    @Activate
    public LocalDelivery(@Reference MailDelivery store) {
        this.store = store;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public DeliveryResult deliver(Delivery delivery) {
        String mailbox = mailboxFor(delivery);
        try {
            long uid = store.append(delivery.recipient().address(), mailbox, returnPath(delivery),
                    delivery.entry().body(), delivery.entry().size(), Set.of(), delivery.entry().envelope().received(),
                    delivery.deliveryKey());
            return new DeliveryResult.Delivered("delivered to " + mailbox + ", uid " + uid);
        } catch (QuotaExceededException e) {
            return new DeliveryResult.TemporaryFailure("4.2.2 " + e.getMessage());
        } catch (NoSuchMailboxException e) {
            return new DeliveryResult.PermanentFailure("5.2.0", e.getMessage());
        } catch (IOException e) {
            return new DeliveryResult.TemporaryFailure("4.3.0 " + e.getMessage());
        }
    }

    /**
     * The Return-Path header field final delivery adds (RFC 5321 section 4.4): the envelope's
     * sender, {@code <>} for notifications. Stored with this copy, before the shared blob.
     */
    static String returnPath(Delivery delivery) {
        return "Return-Path: <" + delivery.entry().envelope().sender().map(Object::toString).orElse("") + ">\r\n";
    }

    /** Where the message goes; the extension point for user rules and spam policy. */
    private static String mailboxFor(Delivery delivery) {
        return "INBOX";
    }
}
