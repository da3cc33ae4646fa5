package org.iems.smtpd.internal.connection;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.iems.api.blob.BlobId;
import org.iems.api.blob.BlobRef;
import org.iems.api.mail.MailAddress;
import org.iems.api.queue.BodyType;
import org.iems.api.queue.DsnNotify;
import org.iems.api.queue.DsnReturn;
import org.iems.api.queue.Envelope;
import org.iems.api.queue.EnvelopeRecipient;
import org.iems.smtpd.internal.session.Transaction;
import org.iems.smtpd.protocol.MailParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands an accepted message to the queue: the blob is made durable, then the entry; only when
 * both are on disk does the session answer 250. Recipients that {@code mail.for.invalid.local.user
 * = delete} marked are logged and left out.
 */
final class Inbound {

    private static final Logger LOG = LoggerFactory.getLogger(Inbound.class);

    private final SmtpContext context;

    Inbound(SmtpContext context) {
        this.context = context;
    }

    void commit(Transaction t, MessageSink sink, String client, Optional<MailAddress> user, String protocol)
            throws Exception {
        BlobId body = sink.commit();
        long size = sink.size();
        Instant received = context.clock().instant();
        for (Transaction.Recipient r : t.recipients()) {
            if (r.discard()) {
                LOG.info("{}: to=<{}>, status=discarded (unknown local user; mail.for.invalid.local.user = delete)",
                        t.id(), r.address());
            }
        }
        List<EnvelopeRecipient> recipients = t.recipients().stream().filter(r -> !r.discard())
                .map(r -> new EnvelopeRecipient(r.address(), r.parameters().notifyOn().stream()
                        .map(n -> DsnNotify.valueOf(n.name())).collect(java.util.stream.Collectors.toSet()),
                        r.parameters().originalRecipient()))
                .toList();
        if (!recipients.isEmpty()) {
            MailParameters p = t.parameters();
            Envelope envelope = new Envelope(t.sender(), recipients, p.envelopeId(),
                    p.ret().map(r -> r == MailParameters.Ret.FULL ? DsnReturn.FULL : DsnReturn.HEADERS),
                    p.body() == MailParameters.Body.EIGHT_BIT_MIME ? BodyType.EIGHT_BIT_MIME : BodyType.SEVEN_BIT,
                    p.smtpUtf8(), client, user, received);
            context.queue().enqueue(envelope, new BlobRef(body, size), t.id());
        }
        user.ifPresent(u -> context.flow().record(u, size));
        LOG.info("{}: accepted from=<{}>, size={}, nrcpt={}, client={}, proto={}{}", t.id(),
                t.sender().map(Object::toString).orElse(""), size, recipients.size(), client, protocol,
                user.map(u -> ", sasl_username=" + u).orElse(""));
    }
}
