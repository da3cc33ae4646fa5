package org.iems.api.store;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import org.iems.api.mail.MailAddress;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The message store: per-account mailboxes of messages whose bodies are shared blobs, as mail
 * access (IMAP, POP3) and operators see it. Delivery needs only its {@link MailDelivery} role,
 * and the store registers one object under both.
 */
@ProviderType
public interface MessageStore extends MailDelivery {

    /**
     * Copies messages into a mailbox (IMAP COPY and MOVE; MULTIAPPEND's messages, whose UIDs and
     * MODSEQs are ignored): the same blobs, flags and internal dates, new UIDs in the order given,
     * in one transaction — all are copied or, when the quota does not allow them all, none.
     *
     * @param account the owning account of the target mailbox
     * @param mailbox the target mailbox
     * @param messages the messages to copy (from any mailbox)
     * @return the new UIDs, in the order of {@code messages}
     * @throws QuotaExceededException if the account's quota does not allow all of them
     * @throws NoSuchMailboxException if the mailbox does not exist (special-use ones are created)
     * @throws IOException on a storage failure
     */
    List<Long> copy(MailAddress account, String mailbox, List<StoredMessage> messages)
            throws QuotaExceededException, IOException;

    /**
     * Lists messages of a mailbox in UID order.
     *
     * @param account the account
     * @param mailbox the mailbox name ({@code INBOX} in any case)
     * @param fromUid the smallest UID to list
     * @param max the most messages to return
     * @return the messages with UID at least {@code fromUid}; empty if the mailbox was never used
     * @throws IOException on a storage failure
     */
    List<StoredMessage> messages(MailAddress account, String mailbox, long fromUid, int max) throws IOException;

    /**
     * Lists the messages of a mailbox changed since a MODSEQ: appended, or with flags changed
     * (RFC 7162's CHANGEDSINCE). Expunged messages are not listed; a caller that knew the
     * mailbox compares the count of {@link #status} to find out whether any were.
     *
     * @param account the account
     * @param mailbox the mailbox name
     * @param modSeq the MODSEQ the caller has seen
     * @return the messages whose MODSEQ is greater, in UID order; empty if the mailbox does not exist
     * @throws IOException on a storage failure
     */
    List<StoredMessage> changedSince(MailAddress account, String mailbox, long modSeq) throws IOException;

    /**
     * Lists the UIDs expunged from a mailbox since a MODSEQ (RFC 7162's VANISHED (EARLIER)): each
     * expunge takes a MODSEQ of the mailbox, and the store remembers the UIDs it removed with it
     * for as long as the mailbox exists (also those RENAME of INBOX moved away).
     *
     * @param account the account
     * @param mailbox the mailbox name
     * @param modSeq the MODSEQ the caller has seen
     * @return the UIDs expunged with a greater MODSEQ, ascending; empty if the mailbox does not exist
     * @throws IOException on a storage failure
     */
    List<Long> expungedSince(MailAddress account, String mailbox, long modSeq) throws IOException;

    /**
     * Tells a mailbox's counters.
     *
     * @param account the account
     * @param mailbox the mailbox name ({@code INBOX} in any case)
     * @return the counters; empty if the mailbox does not exist (a special-use mailbox never used)
     * @throws IOException on a storage failure
     */
    Optional<MailboxStatus> status(MailAddress account, String mailbox) throws IOException;

    /**
     * Takes the {@code \Recent} flag of a mailbox's messages up to a UID for the calling session
     * (RFC 3501 section 2.3.2: the first read-write session told of a message sees it as recent,
     * and no other session does, on any node). The mailbox keeps the UID up to which the flag was
     * taken; this call moves it up to {@code upToUid} if it was lower, atomically.
     *
     * @param account the account
     * @param mailbox the mailbox name ({@code INBOX} in any case)
     * @param upToUid the largest UID the session has been told of
     * @return the UID up to which the flag had been taken before: the messages above it, up to
     *         {@code upToUid}, are recent to the caller; {@code upToUid} or more if none is (also
     *         when the mailbox does not exist)
     * @throws IOException on a storage failure
     * @since 1.6
     */
    long claimRecent(MailAddress account, String mailbox, long upToUid) throws IOException;

    /**
     * Tells up to which UID sessions have taken {@code \Recent}: the messages above it are recent
     * to the next read-write session (EXAMINE shows them so without taking them; STATUS counts
     * them).
     *
     * @param account the account
     * @param mailbox the mailbox name ({@code INBOX} in any case)
     * @return the UID; 0 if the mailbox does not exist or the flag was never taken
     * @throws IOException on a storage failure
     * @since 1.6
     */
    long recentBoundary(MailAddress account, String mailbox) throws IOException;

    /**
     * Removes messages from a mailbox for good (POP3 DELE at QUIT, IMAP EXPUNGE). The account's
     * usage goes down by what was removed, in the same transaction; the bodies are collected
     * once nothing else holds them. UIDs that are not (or no longer) in the mailbox are ignored,
     * so a removal repeated by two sessions removes once.
     *
     * @param account the account
     * @param mailbox the mailbox name ({@code INBOX} in any case)
     * @param uids the UIDs to remove
     * @return the UIDs removed by this call, ascending
     * @throws IOException on a storage failure
     */
    List<Long> expunge(MailAddress account, String mailbox, Collection<Long> uids) throws IOException;

    /**
     * Changes the flags of messages (IMAP STORE). All messages whose flags change get one new
     * MODSEQ, the mailbox's HIGHESTMODSEQ; a message the change leaves as it was keeps its
     * MODSEQ. With {@code unchangedSince} (RFC 7162 CONDSTORE), a message whose MODSEQ is greater
     * is left alone and reported. UIDs not in the mailbox are ignored. {@code \Recent} belongs to
     * a session and is never stored.
     *
     * @param account the account
     * @param mailbox the mailbox name
     * @param uids the messages
     * @param change add, remove or replace
     * @param flags system flags ({@code \Seen} …) and keywords
     * @param unchangedSince the UNCHANGEDSINCE value, or empty
     * @return the changed messages and the UIDs that failed the UNCHANGEDSINCE test
     * @throws IllegalArgumentException if a flag is not a valid flag name, or the flags of a
     *         message would exceed what the store keeps (2,000 characters)
     * @throws NoSuchMailboxException if the mailbox does not exist
     * @throws IOException on a storage failure
     */
    FlagUpdate updateFlags(MailAddress account, String mailbox, Collection<Long> uids, FlagChange change,
            Set<String> flags, OptionalLong unchangedSince) throws IOException;

    /**
     * Asks to be told of changes to a mailbox: after every append, expunge and flag change made
     * through this store (in this process) is committed, the listener runs, on the thread that
     * made the change; it should only wake its session up. Changes made by other nodes sharing
     * the database are not reported: a session that must see them compares {@link #status}.
     *
     * @param account the account
     * @param mailbox the mailbox name
     * @param listener what to run
     * @return closing it stops the notifications
     */
    AutoCloseable watch(MailAddress account, String mailbox, Runnable listener);

    /**
     * Tells what an account's mailboxes hold, exactly as its quota is checked.
     *
     * @param account the account
     * @return bytes and messages; zeros for an account without mail
     * @throws IOException on a storage failure
     */
    MailboxUsage usage(MailAddress account) throws IOException;

    /** The separator of nested mailbox names, as in {@code INBOX/Lists/iems}. */
    char HIERARCHY_SEPARATOR = '/';

    /**
     * Creates a mailbox, and any of its parents that do not exist yet (RFC 3501 CREATE):
     * {@code Projects/2026/IEMS} or {@code INBOX/Lists}. Special-use mailboxes need no creating.
     *
     * @param account the account
     * @param name the full name, levels separated by {@link #HIERARCHY_SEPARATOR}
     * @throws MailboxExistsException if it exists already
     * @throws IllegalArgumentException if the name is empty, has an empty level or is too long
     * @throws IOException on a storage failure
     */
    void createMailbox(MailAddress account, String name) throws IOException;

    /**
     * Lists an account's mailboxes that exist (special-use ones appear after first use or
     * creation).
     *
     * @param account the account
     * @return their full names, in name order, {@code INBOX} in upper case
     * @throws IOException on a storage failure
     */
    List<String> mailboxes(MailAddress account) throws IOException;

    /**
     * Deletes a mailbox and its messages (RFC 3501 DELETE); the account's usage goes down by what
     * it held. Sessions watching it are told. A special-use mailbox may be deleted; it comes back
     * empty, with a new UIDVALIDITY, on next use.
     *
     * @param account the account
     * @param name the mailbox
     * @throws NoSuchMailboxException if it does not exist
     * @throws IllegalArgumentException for INBOX, or a mailbox that has mailboxes under it
     * @throws IOException on a storage failure
     */
    void deleteMailbox(MailAddress account, String name) throws IOException;

    /**
     * Renames a mailbox with the mailboxes under it (RFC 3501 RENAME), creating missing parents of
     * the new name. Messages keep their UIDs and the mailbox its UIDVALIDITY. Renaming INBOX moves
     * its messages to a new mailbox of the new name and leaves INBOX empty.
     *
     * @param account the account
     * @param from the current name
     * @param to the new name
     * @throws NoSuchMailboxException if {@code from} does not exist
     * @throws MailboxExistsException if {@code to} exists
     * @throws IllegalArgumentException if {@code to} is no valid name or lies under {@code from}
     * @throws IOException on a storage failure
     */
    void renameMailbox(MailAddress account, String from, String to) throws IOException;

    /**
     * Adds a name to the account's subscriptions (RFC 3501 SUBSCRIBE); the mailbox need not exist.
     *
     * @param account the account
     * @param name the mailbox name
     * @param subscribed whether to subscribe or unsubscribe
     * @throws IOException on a storage failure
     */
    void subscribe(MailAddress account, String name, boolean subscribed) throws IOException;

    /**
     * The account's subscriptions.
     *
     * @param account the account
     * @return the subscribed names, in name order
     * @throws IOException on a storage failure
     */
    List<String> subscriptions(MailAddress account) throws IOException;

    /** The identifier that stands for every account in an access control list (RFC 4314). */
    String ANYONE = "anyone";

    /**
     * Grants rights on a mailbox (RFC 4314 SETACL): the rights replace those the identifier had;
     * empty rights remove the identifier from the list. The owner always has every right and is
     * not listed.
     *
     * @param owner the mailbox's account
     * @param mailbox the mailbox
     * @param identifier an account's {@link MailAddress#key()}, or {@link #ANYONE}
     * @param rights RFC 4314 right letters, each at most once, in any order
     * @throws NoSuchMailboxException if the mailbox does not exist
     * @throws IllegalArgumentException if a right is not one of {@code lrswipkxtea}
     * @throws IOException on a storage failure
     */
    void setRights(MailAddress owner, String mailbox, String identifier, String rights) throws IOException;

    /**
     * The access control list of a mailbox, without its owner.
     *
     * @param owner the mailbox's account
     * @param mailbox the mailbox
     * @return identifier to rights, in identifier order
     * @throws NoSuchMailboxException if the mailbox does not exist
     * @throws IOException on a storage failure
     */
    SortedMap<String, String> rights(MailAddress owner, String mailbox) throws IOException;

    /**
     * Takes an account's maildrop lock, for every node sharing the store (RFC 1939: one POP3
     * session at a time). A lock whose lease ended without renewal (its node died) is taken over.
     *
     * @param account the account
     * @param lease how long the lock holds without {@link MaildropLock#renew}
     * @return the lock, or empty if another session holds it
     * @throws IOException on a storage failure
     */
    Optional<MaildropLock> lockMaildrop(MailAddress account, Duration lease) throws IOException;

    /**
     * The annotations of a mailbox, or of the server (RFC 5464 METADATA), that a user sees: the
     * shared entries ({@code /shared/...}) and the user's own private ones ({@code /private/...}).
     *
     * @param owner the mailbox's account (ignored for the server)
     * @param mailbox the mailbox, or null for the server's annotations
     * @param user who reads
     * @return entry name to value, in name order
     * @throws NoSuchMailboxException if the mailbox does not exist
     * @throws IOException on a storage failure
     */
    SortedMap<String, byte[]> annotations(MailAddress owner, String mailbox, MailAddress user) throws IOException;

    /**
     * Sets annotations of a mailbox or of the server, all or none: a {@code /private/} entry is
     * the user's own, a {@code /shared/} one everyone's who may read the mailbox. The caller checks
     * names, sizes and rights.
     *
     * @param owner the mailbox's account (ignored for the server)
     * @param mailbox the mailbox, or null for the server
     * @param user who writes
     * @param changes entry name to new value, or to null to remove the entry
     * @throws NoSuchMailboxException if the mailbox does not exist
     * @throws IllegalArgumentException if an entry name is neither private nor shared
     * @throws IOException on a storage failure
     */
    void annotate(MailAddress owner, String mailbox, MailAddress user, Map<String, byte[]> changes)
            throws IOException;

    /**
     * One annotation entry on each of an account's mailboxes that has it, as a user sees it (the
     * special use of RFC 6154 section 4, {@code /private/specialuse}, for LIST).
     *
     * @param owner the account
     * @param user who reads
     * @param entry the entry name
     * @return mailbox name to value
     * @throws IOException on a storage failure
     */
    Map<String, byte[]> annotationOfEach(MailAddress owner, MailAddress user, String entry) throws IOException;

    /**
     * The mailboxes of other accounts an account has rights on, directly or as {@link #ANYONE}.
     *
     * @param account the account
     * @return the mailboxes with the rights it has on each, by owner and name
     * @throws IOException on a storage failure
     */
    List<SharedMailbox> sharedWith(MailAddress account) throws IOException;
}
