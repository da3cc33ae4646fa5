package org.iems.store.internal.mailbox;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.iems.api.mail.MailAddress;
import org.iems.api.store.FlagChange;
import org.iems.api.store.FlagUpdate;
import org.iems.api.store.NoSuchMailboxException;
import org.iems.api.store.StoredMessage;

/** EXPUNGE and flag changes: each takes the mailbox row (its MODSEQ) before the messages. */
final class MessageChanges {

    private final StoreTransactions transactions;
    private final MailboxWatchers watchers;

    MessageChanges(StoreTransactions transactions, MailboxWatchers watchers) {
        this.transactions = transactions;
        this.watchers = watchers;
    }

    List<Long> expunge(MailAddress account, String mailbox, Collection<Long> uids) throws IOException {
        if (uids.isEmpty()) {
            return List.of();
        }
        String canonical = MailboxRows.canonicalName(mailbox);
        List<Long> removed = transactions.run("expunge from " + canonical + " of " + account, c -> {
            Optional<Long> id = MailboxRows.findMailbox(c, account, canonical);
            if (id.isEmpty()) {
                return List.of();
            }
            long modSeq = MailboxRows.takeModSeq(c, id.get()); // the mailbox row first, as in every transaction here
            List<Long> gone = new ArrayList<>();
            long bytes = 0;
            for (StoredMessage m : MessageRows.messagesAmong(c, id.get(), new TreeSet<>(uids))) {
                if (MessageRows.deleteMessage(c, id.get(), m.uid())) {
                    gone.add(m.uid());
                    bytes += m.size();
                }
            }
            if (gone.isEmpty()) {
                MailboxRows.giveBackModSeq(c, id.get());
                return gone;
            }
            MessageRows.rememberExpunged(c, id.get(), gone, modSeq);
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE st_mailbox SET message_count = message_count - ? WHERE id = ?")) {
                ps.setLong(1, gone.size());
                ps.setLong(2, id.get());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE st_usage SET bytes = bytes - ?,"
                    + " messages = messages - ? WHERE account_key = ?")) {
                ps.setLong(1, bytes);
                ps.setLong(2, gone.size());
                ps.setString(3, account.key());
                ps.executeUpdate();
            }
            return gone;
        });
        if (!removed.isEmpty()) {
            watchers.changed(account, canonical);
        }
        return removed;
    }

    FlagUpdate updateFlags(MailAddress account, String mailbox, Collection<Long> uids, FlagChange change,
            Set<String> flags, OptionalLong unchangedSince) throws IOException {
        Set<String> given = Flags.of(flags);
        String canonical = MailboxRows.canonicalName(mailbox);
        FlagUpdate update = transactions.run("change flags in " + canonical + " of " + account, c -> {
            Optional<Long> id = MailboxRows.findMailbox(c, account, canonical);
            if (id.isEmpty()) {
                throw new NoSuchMailboxException("no mailbox " + canonical + " for " + account);
            }
            long modSeq = MailboxRows.takeModSeq(c, id.get());
            List<StoredMessage> changed = new ArrayList<>();
            List<Long> modified = new ArrayList<>();
            try (PreparedStatement setFlags = c.prepareStatement(
                    "UPDATE st_message SET flags = ?, modseq = ? WHERE mailbox_id = ? AND uid = ?")) {
                for (StoredMessage current : MessageRows.messagesAmong(c, id.get(), new TreeSet<>(uids))) {
                    if (unchangedSince.isPresent() && current.modSeq() > unchangedSince.getAsLong()) {
                        modified.add(current.uid());
                        continue;
                    }
                    Set<String> now = Flags.of(current.flags());
                    Set<String> next = apply(change, now, given);
                    if (!Flags.same(next, now)) {
                        setFlags.setString(1, Flags.format(next));
                        setFlags.setLong(2, modSeq);
                        setFlags.setLong(3, id.get());
                        setFlags.setLong(4, current.uid());
                        setFlags.addBatch();
                        changed.add(new StoredMessage(current.uid(), current.body(), current.size(),
                                current.internalDate(), next, modSeq, current.deliveryHeaders(), current.savedAt()));
                    }
                }
                if (!changed.isEmpty()) {
                    setFlags.executeBatch();
                }
            }
            if (changed.isEmpty()) {
                MailboxRows.giveBackModSeq(c, id.get());
            }
            return new FlagUpdate(changed, modified);
        });
        if (!update.changed().isEmpty()) {
            watchers.changed(account, canonical);
        }
        return update;
    }

    private static Set<String> apply(FlagChange change, Set<String> current, Set<String> given) {
        Set<String> next = Flags.newSet();
        switch (change) {
            case ADD -> {
                next.addAll(current);
                next.addAll(given);
            }
            case REMOVE -> {
                next.addAll(current);
                next.removeAll(given);
            }
            case REPLACE -> next.addAll(given);
        }
        return next;
    }
}
