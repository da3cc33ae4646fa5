package org.iems.store.internal.mailbox;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.iems.api.mail.MailAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The listeners waiting for changes of mailboxes (IMAP IDLE, concurrent sessions). */
final class MailboxWatchers {

    private static final Logger LOG = LoggerFactory.getLogger(MailboxWatchers.class);

    private final Map<String, List<Runnable>> listeners = new ConcurrentHashMap<>();

    private static String key(MailAddress account, String canonicalMailbox) {
        return account.key() + "\0" + canonicalMailbox;
    }

    AutoCloseable add(MailAddress account, String canonicalMailbox, Runnable listener) {
        String key = key(account, canonicalMailbox);
        listeners.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(listener);
        return () -> listeners.computeIfPresent(key, (k, list) -> {
            list.remove(listener);
            return list.isEmpty() ? null : list;
        });
    }

    /** Tells a mailbox's listeners that it changed; one that fails is logged and the others still run. */
    void changed(MailAddress account, String canonicalMailbox) {
        for (Runnable listener : listeners.getOrDefault(key(account, canonicalMailbox), List.of())) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.warn("A listener of {} of {} failed: {}", canonicalMailbox, account, e.toString());
            }
        }
    }
}
