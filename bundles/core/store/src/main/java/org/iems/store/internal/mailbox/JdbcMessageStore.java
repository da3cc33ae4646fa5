package org.iems.store.internal.mailbox;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import java.util.function.Function;
import javax.sql.DataSource;
import org.iems.api.blob.BlobHolder;
import org.iems.api.blob.BlobId;
import org.iems.api.mail.MailAddress;
import org.iems.api.storage.BlobReferences;
import org.iems.api.storage.Transactions;
import org.iems.api.store.FlagChange;
import org.iems.api.store.FlagUpdate;
import org.iems.api.store.MailboxStatus;
import org.iems.api.store.MaildropLock;
import org.iems.api.store.MailboxUsage;
import org.iems.api.store.MessageStore;
import org.iems.api.store.QuotaExceededException;
import org.iems.api.store.SharedMailbox;
import org.iems.api.store.StoredMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mailboxes and messages in the database, one object in all its parts: messages coming in
 * ({@link Appends}), changed ({@link MessageChanges}) and read ({@link MessageReads}), the mailbox
 * tree ({@link MailboxTree}) and its rights ({@link MailboxRights}); bodies are shared blobs. Every
 * transaction takes its locks in one order (the mailbox row, then its messages, then the account's
 * usage row, see {@link MailboxRows}), so concurrent sessions wait for each other but never deadlock.
 */
public final class JdbcMessageStore implements MessageStore, BlobHolder {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcMessageStore.class);

    private final DataSource dataSource;
    private final StoreTransactions transactions;
    private final MailboxWatchers watchers = new MailboxWatchers();
    private final Appends appends;
    private final MessageChanges changes;
    private final MessageReads reads;
    private final MailboxTree tree;
    private final MailboxRights rights;
    private final MailboxAnnotations annotations;
    private final MaildropLocks maildropLocks;
    private final RecentClaims recent;

    /**
     * @param quotas the limits of an account (from the directory)
     */
    public JdbcMessageStore(DataSource dataSource, Function<MailAddress, Quota> quotas, Clock clock) {
        this.dataSource = dataSource;
        this.transactions = new StoreTransactions(dataSource);
        MailboxRows rows = new MailboxRows(clock);
        this.appends = new Appends(transactions, rows, quotas, clock, watchers);
        this.changes = new MessageChanges(transactions, watchers);
        this.reads = new MessageReads(dataSource);
        this.tree = new MailboxTree(dataSource, transactions, rows, watchers);
        this.rights = new MailboxRights(dataSource, transactions);
        this.annotations = new MailboxAnnotations(dataSource, transactions);
        this.maildropLocks = new MaildropLocks(dataSource, clock);
        this.recent = new RecentClaims(dataSource, transactions);
    }

    /** The transactions' retry counters, to publish. */
    public Transactions transactions() {
        return transactions.counters();
    }

    @Override
    public long append(MailAddress account, String mailbox, String deliveryHeaders, BlobId body, long bodySize,
            Set<String> flags, Instant internalDate, String deliveryKey) throws QuotaExceededException, IOException {
        return appends.append(account, mailbox, deliveryHeaders, body, bodySize, flags, internalDate, deliveryKey);
    }

    @Override
    public List<Long> copy(MailAddress account, String mailbox, List<StoredMessage> messages)
            throws QuotaExceededException, IOException {
        return appends.copy(account, mailbox, messages);
    }

    /**
     * Removes delivery keys older than the retention (see {@link Appends#pruneDeliveryKeys}).
     *
     * @param retention how long a key is kept
     * @return how many keys were removed
     * @throws IOException on a storage failure
     */
    public int pruneDeliveryKeys(Duration retention) throws IOException {
        return appends.pruneDeliveryKeys(retention);
    }

    @Override
    public List<StoredMessage> messages(MailAddress account, String mailbox, long fromUid, int max) throws IOException {
        return reads.messages(account, mailbox, fromUid, max);
    }

    @Override
    public List<StoredMessage> changedSince(MailAddress account, String mailbox, long modSeq) throws IOException {
        return reads.changedSince(account, mailbox, modSeq);
    }

    @Override
    public List<Long> expungedSince(MailAddress account, String mailbox, long modSeq) throws IOException {
        return reads.expungedSince(account, mailbox, modSeq);
    }

    @Override
    public Optional<MailboxStatus> status(MailAddress account, String mailbox) throws IOException {
        return reads.status(account, mailbox);
    }

    @Override
    public long claimRecent(MailAddress account, String mailbox, long upToUid) throws IOException {
        return recent.claim(account, mailbox, upToUid);
    }

    @Override
    public long recentBoundary(MailAddress account, String mailbox) throws IOException {
        return recent.boundary(account, mailbox);
    }

    @Override
    public List<Long> expunge(MailAddress account, String mailbox, Collection<Long> uids) throws IOException {
        return changes.expunge(account, mailbox, uids);
    }

    @Override
    public FlagUpdate updateFlags(MailAddress account, String mailbox, Collection<Long> uids, FlagChange change,
            Set<String> flags, OptionalLong unchangedSince) throws IOException {
        return changes.updateFlags(account, mailbox, uids, change, flags, unchangedSince);
    }

    /**
     * Finds changes other nodes sharing the database made to the mailboxes watched here, and tells
     * their listeners (this node's own changes are told as they are made).
     *
     * @return how many watched mailboxes changed
     * @throws IOException if the database cannot be read
     */
    public int pollWatchedMailboxes() throws IOException {
        try (Connection c = dataSource.getConnection()) {
            return watchers.poll(c);
        } catch (SQLException e) {
            throw new IOException("cannot look for changes of watched mailboxes: " + e.getMessage(), e);
        }
    }

    @Override
    public AutoCloseable watch(MailAddress account, String mailbox, Runnable listener) {
        return watchers.add(account, MailboxRows.canonicalName(mailbox), listener);
    }

    @Override
    public void createMailbox(MailAddress account, String name) throws IOException {
        tree.createMailbox(account, name);
    }

    @Override
    public void deleteMailbox(MailAddress account, String name) throws IOException {
        tree.deleteMailbox(account, name);
    }

    @Override
    public void renameMailbox(MailAddress account, String from, String to) throws IOException {
        tree.renameMailbox(account, from, to);
    }

    @Override
    public void subscribe(MailAddress account, String name, boolean subscribed) throws IOException {
        tree.subscribe(account, name, subscribed);
    }

    @Override
    public List<String> subscriptions(MailAddress account) throws IOException {
        return tree.subscriptions(account);
    }

    @Override
    public List<String> mailboxes(MailAddress account) throws IOException {
        return tree.mailboxes(account);
    }

    @Override
    public void setRights(MailAddress owner, String mailbox, String identifier, String rights) throws IOException {
        this.rights.setRights(owner, mailbox, identifier, rights);
    }

    @Override
    public SortedMap<String, String> rights(MailAddress owner, String mailbox) throws IOException {
        return rights.rights(owner, mailbox);
    }

    @Override
    public Optional<MaildropLock> lockMaildrop(MailAddress account, Duration lease) throws IOException {
        return maildropLocks.lock(account, lease);
    }

    @Override
    public SortedMap<String, byte[]> annotations(MailAddress owner, String mailbox, MailAddress user)
            throws IOException {
        return annotations.annotations(owner, mailbox, user);
    }

    @Override
    public void annotate(MailAddress owner, String mailbox, MailAddress user, Map<String, byte[]> changes)
            throws IOException {
        annotations.annotate(owner, mailbox, user, changes);
    }

    @Override
    public Map<String, byte[]> annotationOfEach(MailAddress owner, MailAddress user, String entry) throws IOException {
        return annotations.annotationOfEach(owner, user, entry);
    }

    @Override
    public List<SharedMailbox> sharedWith(MailAddress account) throws IOException {
        return rights.sharedWith(account);
    }

    /**
     * The account's usage: bytes and messages stored.
     *
     * @return bytes and messages; zeros for an account without mail
     */
    @Override
    public MailboxUsage usage(MailAddress account) throws IOException {
        try (Connection c = dataSource.getConnection()) {
            long[] usage = Appends.usage(c, account).orElse(new long[] {0, 0});
            return new MailboxUsage(usage[0], usage[1]);
        } catch (SQLException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public Set<BlobId> held(Collection<BlobId> candidates) {
        try {
            return BlobReferences.in(dataSource, "st_message", candidates);
        } catch (SQLException e) {
            // fail safe: when the store cannot answer, every candidate counts as held
            LOG.warn("Cannot tell which blobs the store holds, keeping all {} candidates: {}", candidates.size(),
                    e.getMessage());
            return Set.copyOf(candidates);
        }
    }
}
