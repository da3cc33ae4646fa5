package org.iems.imapd.internal.session;

import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.iems.api.mail.MailAddress;
import org.iems.api.store.MailboxExistsException;
import org.iems.api.store.MailboxStatus;
import org.iems.api.store.MessageStore;
import org.iems.api.store.NoSuchMailboxException;
import org.iems.api.store.StoredMessage;
import org.iems.imapd.protocol.Arguments;
import org.iems.imapd.protocol.CommandText;
import org.iems.imapd.protocol.ImapSyntaxException;
import org.iems.imapd.protocol.SequenceSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IMAP conversation of one connection (RFC 3501 with the extensions in {@link #capabilities}),
 * as plain Java: a whole command in, responses out. States not authenticated, authenticated,
 * selected and logout (RFC 3501 section 3); each command says in which states it runs. After
 * each command the session reports what others changed in the selected mailbox, holding back
 * expunges during FETCH, STORE and SEARCH (section 7.4.1).
 *
 * <p>Thread safety: a connection calls it from one thread at a time; {@link #mailboxChanged}
 * may come from another and is synchronized with commands.
 */
public final class ImapSession {

    private static final Logger LOG = LoggerFactory.getLogger(ImapSession.class);

    enum State { NOT_AUTHENTICATED, AUTHENTICATED, SELECTED, LOGOUT }

    /** A command handler: arguments positioned after the command name. */
    @FunctionalInterface
    interface Handler {
        void run(Request request) throws ImapSyntaxException, CommandFailed, IOException;
    }

    /** One command being handled. */
    record Request(String tag, String name, boolean uid, Arguments args) {
    }

    private record Registration(Set<State> states, Handler handler) {
    }

    private final SessionSettings settings;
    private final MessageStore store;
    private final MessageContents contents;
    private final MailboxListings listings;
    private final Runnable wakeUp;
    private final Responses out;
    private final Map<String, Registration> commands = new HashMap<>();
    private final Set<String> enabled = new HashSet<>();
    private final MailboxCommands mailboxCommands;
    private final NotifyCommand notify;
    private State state = State.NOT_AUTHENTICATED;
    private boolean tls;
    private MailAddress account;
    /** The user's mailboxes and those shared with the user, once logged in. */
    private MailboxResolver resolver;
    private SelectedMailbox selected;
    private AutoCloseable watch;
    /** What the next line from the client answers (AUTHENTICATE's challenge), if anything. */
    private Continuation continuation;
    /** The tag of the IDLE running, or null; read without the lock by {@link #mailboxChanged}. */
    private volatile String idleTag;
    private int errors;
    /** What the connection does once the current command's responses are out. */
    private Next pendingNext = Next.READ;

    /**
     * @param settings what the session may offer
     * @param logins checks passwords
     * @param services the store, message texts and listings, accounts
     * @param output where responses go
     * @param wakeUp called (from any thread) when the selected mailbox changed while idling
     */
    public ImapSession(SessionSettings settings, LoginGate logins, SessionServices services, OutputStream output,
            Runnable wakeUp) {
        this.settings = settings;
        this.store = services.store();
        this.contents = services.contents();
        this.listings = services.listings();
        Accounts accounts = services.accounts();
        this.wakeUp = wakeUp;
        this.out = new Responses(output);
        this.tls = settings.tls();
        Set<State> any = Set.of(State.NOT_AUTHENTICATED, State.AUTHENTICATED, State.SELECTED);
        Set<State> notAuthenticated = Set.of(State.NOT_AUTHENTICATED);
        Set<State> authenticated = Set.of(State.AUTHENTICATED, State.SELECTED);
        Set<State> selectedOnly = Set.of(State.SELECTED);
        register(any, this::capability, "CAPABILITY");
        register(any, this::noop, "NOOP");
        register(any, this::logout, "LOGOUT");
        register(any, this::id, "ID");
        LoginCommands login = new LoginCommands(this, logins);
        register(notAuthenticated, login::startTls, "STARTTLS");
        register(notAuthenticated, login::login, "LOGIN");
        register(notAuthenticated, login::authenticate, "AUTHENTICATE");
        register(authenticated, this::enable, "ENABLE");
        register(authenticated, this::idle, "IDLE");
        register(authenticated, this::compress, "COMPRESS");
        MailboxCommands mailboxes = new MailboxCommands(this);
        this.mailboxCommands = mailboxes;
        this.notify = new NotifyCommand(this);
        register(authenticated, notify::notify, "NOTIFY");
        register(authenticated, mailboxes::select, "SELECT", "EXAMINE");
        register(authenticated, mailboxes::create, "CREATE");
        register(authenticated, mailboxes::delete, "DELETE");
        register(authenticated, mailboxes::rename, "RENAME");
        register(authenticated, mailboxes::subscribe, "SUBSCRIBE", "UNSUBSCRIBE");
        register(authenticated, new ListCommand(this, mailboxes)::list, "LIST", "LSUB");
        register(authenticated, mailboxes::status, "STATUS");
        register(authenticated, mailboxes::namespace, "NAMESPACE");
        register(authenticated, new AppendCommand(this)::append, "APPEND");
        QuotaCommands quota = new QuotaCommands(this, accounts);
        register(authenticated, quota::getQuotaRoot, "GETQUOTAROOT");
        register(authenticated, quota::getQuota, "GETQUOTA");
        register(authenticated, quota::setQuota, "SETQUOTA");
        MetadataCommands metadata = new MetadataCommands(this);
        register(authenticated, metadata::getMetadata, "GETMETADATA");
        register(authenticated, metadata::setMetadata, "SETMETADATA");
        AclCommands acl = new AclCommands(this, accounts);
        register(authenticated, acl::setAcl, "SETACL");
        register(authenticated, acl::deleteAcl, "DELETEACL");
        register(authenticated, acl::getAcl, "GETACL");
        register(authenticated, acl::listRights, "LISTRIGHTS");
        register(authenticated, acl::myRights, "MYRIGHTS");
        MessageCommands messages = new MessageCommands(this);
        register(selectedOnly, this::noop, "CHECK");
        register(selectedOnly, messages::close, "CLOSE", "UNSELECT");
        register(selectedOnly, messages::expunge, "EXPUNGE");
        register(selectedOnly, new FetchCommand(this)::fetch, "FETCH");
        register(selectedOnly, messages::store, "STORE");
        SearchCommand search = new SearchCommand(this);
        register(selectedOnly, search::search, "SEARCH");
        SortCommand sort = new SortCommand(this, search);
        register(selectedOnly, sort::sort, "SORT");
        register(selectedOnly, sort::thread, "THREAD");
        register(selectedOnly, messages::copy, "COPY", "MOVE");
    }

    private void register(Set<State> states, Handler handler, String... names) {
        for (String name : names) {
            commands.put(name, new Registration(states, handler));
        }
    }

    /**
     * The greeting.
     *
     * @throws IOException if it cannot be written
     */
    public synchronized void greet() throws IOException {
        out.untagged("OK [CAPABILITY " + capabilities() + "] " + settings.hostName() + " IEMS IMAP4rev1 server ready");
        out.flush();
    }

    /** The extensions offered in every state, each implemented where its RFC is named. */
    private static final String EXTENSIONS = String.join(" ", "IMAP4rev1", "IMAP4rev2", "LITERAL+", "SASL-IR", "ID",
            "ENABLE", "IDLE", "NAMESPACE", "UNSELECT", "UIDPLUS", "MULTIAPPEND", "CATENATE", "MOVE", "ESEARCH",
            "SEARCHRES", "WITHIN", "SORT", "SORT=DISPLAY", "THREAD=ORDEREDSUBJECT", "THREAD=REFERENCES", "CHILDREN",
            "SPECIAL-USE", "CREATE-SPECIAL-USE", "CONDSTORE", "QRESYNC", "LIST-EXTENDED", "LIST-STATUS", "STATUS=SIZE",
            "OBJECTID", "SAVEDATE", "PREVIEW", "BINARY", "METADATA", "METADATA-SERVER", "COMPRESS=DEFLATE", "QUOTA",
            "QUOTA=RES-STORAGE", "QUOTA=RES-MESSAGE", "ACL", "RIGHTS=texk", "UTF8=ACCEPT", "NOTIFY");

    /** The capabilities offered now (RFC 3501 section 7.2.1). */
    String capabilities() {
        StringBuilder c = new StringBuilder(EXTENSIONS).append(" APPENDLIMIT=").append(settings.appendLimit());
        if (state == State.NOT_AUTHENTICATED) {
            if (!tls && settings.tlsAvailable()) {
                c.append(" STARTTLS");
            }
            c.append(mayLogin() ? " AUTH=PLAIN" : " LOGINDISABLED");
        }
        return c.toString();
    }

    boolean mayLogin() {
        return tls || settings.trusted();
    }

    /** TLS is now on (after STARTTLS). */
    public synchronized void tlsStarted() {
        tls = true;
    }

    /**
     * The account logged in.
     *
     * @return the account, or empty before login
     */
    public Optional<MailAddress> account() {
        return Optional.ofNullable(account);
    }

    /**
     * Handles one whole command, or the line that continues AUTHENTICATE or ends IDLE.
     *
     * @param command the command
     * @return what the connection does next
     * @throws IOException if responses cannot be written
     */
    public synchronized Next handle(CommandText command) throws IOException {
        if (continuation != null) {
            Continuation c = continuation;
            continuation = null;
            return finish(c.answer(command.firstLine()));
        }
        if (idleTag != null) {
            return finish(idleDone(command.firstLine()));
        }
        Arguments args = new Arguments(command);
        String tag;
        try {
            tag = args.tag();
            args.space();
        } catch (ImapSyntaxException e) {
            out.untagged("BAD Command must start with a tag and a name");
            return finish(countError());
        }
        return finish(run(tag, args));
    }

    private Next run(String tag, Arguments args) throws IOException {
        String name;
        boolean uid = false;
        try {
            name = args.keyword();
            if (name.equals("UID")) {
                args.space();
                uid = true;
                name = args.keyword();
                if (!Set.of("FETCH", "STORE", "SEARCH", "SORT", "THREAD", "COPY", "MOVE", "EXPUNGE").contains(name)) {
                    throw new ImapSyntaxException("UID " + name + " is not a command");
                }
            }
        } catch (ImapSyntaxException e) {
            out.tagged(tag, "BAD", e.getMessage());
            return countError();
        }
        Registration r = commands.get(name);
        if (r == null) {
            out.tagged(tag, "BAD", "Unknown command " + name);
            return countError();
        }
        if (!r.states().contains(state)) {
            out.tagged(tag, "BAD", name + " is not allowed " + whyNot(r.states()));
            return countError();
        }
        try {
            if (!args.atEnd()) {
                args.space();
            }
            r.handler().run(new Request(tag, name, uid, args));
            Next next = state == State.LOGOUT ? Next.CLOSE : pendingNext;
            pendingNext = Next.READ;
            return next;
        } catch (ImapSyntaxException e) {
            out.tagged(tag, "BAD", e.getMessage());
            return countError();
        } catch (CommandFailed e) {
            reportChanges(expungesAllowed(name, uid), false);
            out.tagged(tag, "NO", e.replyText());
            return Next.READ;
        } catch (IllegalArgumentException e) {
            out.tagged(tag, "NO", "[CANNOT] " + e.getMessage());
            return Next.READ;
        } catch (NoSuchMailboxException e) {
            out.tagged(tag, "NO", "[NONEXISTENT] No such mailbox");
            return Next.READ;
        } catch (MailboxExistsException e) {
            out.tagged(tag, "NO", "[ALREADYEXISTS] Mailbox exists already");
            return Next.READ;
        } catch (IOException e) {
            LOG.warn("IMAP {} of {} failed: {}", name, account, e.toString());
            out.tagged(tag, "NO", "[SERVERBUG] Cannot do that now, please try again");
            return Next.READ;
        } catch (RuntimeException e) {
            // a defect of ours: told as one, logged whole, and the connection kept
            LOG.error("IMAP {} of {} failed", name, account, e);
            out.tagged(tag, "NO", "[SERVERBUG] Internal error");
            return Next.READ;
        }
    }

    private String whyNot(Set<State> allowed) {
        if (state == State.NOT_AUTHENTICATED) {
            return "before login";
        }
        return allowed.contains(State.NOT_AUTHENTICATED) ? "after login" : "without a selected mailbox";
    }

    private Next finish(Next next) throws IOException {
        out.flush();
        return next;
    }

    Next countError() throws IOException {
        if (++errors >= settings.maxErrors()) {
            out.untagged("BYE Too many errors, closing");
            return Next.CLOSE;
        }
        return Next.READ;
    }

    /**
     * A line was too long or a literal too large: the command was dropped unread.
     *
     * @param tag its tag, or {@code *}
     * @param reason why
     * @param tooBig whether a literal was too large
     * @param fatal whether the connection must close
     * @return what the connection does next
     * @throws IOException if the response cannot be written
     */
    public synchronized Next refused(String tag, String reason, boolean tooBig, boolean fatal) throws IOException {
        if (fatal) {
            out.untagged("BYE " + reason + "; closing");
            return finish(Next.CLOSE);
        }
        if (tag.equals("*")) {
            out.untagged("BAD " + reason);
        } else {
            out.tagged(tag, tooBig ? "NO" : "BAD", (tooBig ? "[TOOBIG] " : "") + reason);
        }
        return finish(countError());
    }

    /**
     * Asks the client to send a synchronizing literal.
     *
     * @throws IOException if it cannot be written
     */
    public synchronized void continueLiteral() throws IOException {
        out.continuation("Ready for literal data");
        out.flush();
    }

    /**
     * The client stayed silent too long.
     *
     * @throws IOException if the response cannot be written
     */
    public synchronized void autologout() throws IOException {
        out.untagged("BYE Autologout; idle for too long");
        out.flush();
    }

    /** The connection ended: stop watching the mailbox. */
    public synchronized void end() {
        notify.stop();
        deselect();
        state = State.LOGOUT;
        out.end();
    }

    // ---- commands of any state

    private void capability(Request r) throws ImapSyntaxException, IOException {
        r.args().end();
        out.untagged("CAPABILITY " + capabilities());
        ok(r);
    }

    private void noop(Request r) throws ImapSyntaxException, IOException {
        r.args().end();
        ok(r);
    }

    /** RFC 3501 section 6.1.3: BYE, then the tagged OK, and nothing else: the mailbox is let go first. */
    private void logout(Request r) throws ImapSyntaxException, IOException {
        r.args().end();
        deselect();
        state = State.LOGOUT;
        out.untagged("BYE IEMS IMAP server logging out");
        ok(r);
    }

    /** RFC 2971: the client's identity is logged, ours is given. */
    private void id(Request r) throws ImapSyntaxException, IOException {
        Arguments a = r.args();
        if (a.skip('(')) {
            StringBuilder client = new StringBuilder();
            int pairs = 0;
            while (!a.skip(')')) {
                if (pairs > 0) {
                    a.space();
                }
                String key = a.string();
                a.space();
                String value = a.lookingAt("NIL") ? a.atom() : a.string();
                if (++pairs > 30) {
                    throw new ImapSyntaxException("Too many ID fields");
                }
                client.append(key).append('=').append(value).append(' ');
            }
            LOG.debug("IMAP client identifies as {}", client);
        } else {
            a.atom();
        }
        a.end();
        out.untagged("ID (\"name\" \"IEMS\" \"vendor\" \"IEMS\" \"support-url\" \"https://iems.org/\")");
        ok(r);
    }

    // ---- authenticated

    /**
     * RFC 5161: CONDSTORE, QRESYNC (which brings CONDSTORE, RFC 7162 section 3.2.3), UTF8=ACCEPT
     * (RFC 9755) and IMAP4rev2 (RFC 9051) can be enabled; others are ignored.
     */
    private void enable(Request r) throws ImapSyntaxException, IOException {
        StringBuilder now = new StringBuilder();
        do {
            String capability = r.args().atom().toUpperCase(Locale.ROOT);
            if (capability.equals("CONDSTORE") && !condStore()) {
                enableCondStore();
                now.append(' ').append(capability);
            } else if (capability.equals("QRESYNC") && enabled.add(capability)) {
                enableCondStore();
                now.append(' ').append(capability);
            } else if ((capability.equals("UTF8=ACCEPT") || capability.equals("IMAP4REV2")) && enabled.add(capability)) {
                now.append(' ').append(capability.equals("IMAP4REV2") ? "IMAP4rev2" : capability);
            }
        } while (r.args().skip(' '));
        out.untagged("ENABLED" + now);
        ok(r);
    }

    /**
     * RFC 4978: COMPRESS DEFLATE. The OK goes out as it is; every byte after it, both ways, is
     * deflated. Offered after login only, so no secret of the login shares a compression context
     * with what a client sends.
     */
    private void compress(Request r) throws ImapSyntaxException, IOException, CommandFailed {
        String mechanism = r.args().atom();
        r.args().end();
        if (!mechanism.equalsIgnoreCase("DEFLATE")) {
            throw new ImapSyntaxException("Unknown compression mechanism " + mechanism);
        }
        if (out.compressed()) {
            throw new CommandFailed("COMPRESSIONACTIVE", "Compression is on already");
        }
        ok(r);
        out.flush();
        out.compress();
        pendingNext = Next.COMPRESS;
    }

    /** RFC 2177: updates are pushed until the client says DONE. */
    private void idle(Request r) throws ImapSyntaxException, IOException {
        r.args().end();
        idleTag = r.tag();
        out.continuation("idling");
        reportChanges(true, false);
    }

    private Next idleDone(String line) throws IOException {
        String tag = idleTag;
        idleTag = null;
        if (!line.equalsIgnoreCase("DONE")) {
            out.tagged(tag, "BAD", "Expected DONE");
            return countError();
        }
        reportChanges(true, false);
        out.tagged(tag, "OK", "IDLE terminated");
        return Next.READ;
    }

    /**
     * A watched mailbox changed: an idling or NOTIFY session reports it now. Called by the connection
     * on its own thread after {@code wakeUp}.
     *
     * @throws IOException if the updates cannot be written
     */
    public void mailboxChanged() throws IOException {
        // most sessions neither idle nor NOTIFY: they need not wait for a running command to say so
        if (idleTag == null && notify.interest() == null) {
            return;
        }
        pushChanges();
    }

    private synchronized void pushChanges() throws IOException {
        NotifyCommand.Interest interest = notify.interest();
        if (selected != null && (idleTag != null || interest != null && interest.selected())) {
            // NOTIFY's SELECTED-DELAYED holds expunges back to the next command (RFC 5465 section 5.1)
            reportChanges(idleTag != null || !interest.selectedDelayed(), false);
        }
        if (interest != null && state != State.LOGOUT) {
            notify.reportOthers();
        }
        out.flush();
    }

    /** Something the session watches changed: have {@link #mailboxChanged} run on the connection's notifier. */
    void wakeUp() {
        wakeUp.run();
    }

    MailboxCommands mailboxCommands() {
        return mailboxCommands;
    }

    // ---- shared by the command classes

    /** The client's next line answers a continuation request (a SASL response). */
    @FunctionalInterface
    interface Continuation {
        Next answer(String line) throws IOException;
    }

    void expect(Continuation next) {
        continuation = next;
    }

    boolean tls() {
        return tls;
    }

    SessionSettings settings() {
        return settings;
    }

    /** After STARTTLS's OK: the connection starts TLS once the responses are out. */
    void startTlsNext() {
        pendingNext = Next.START_TLS;
    }

    /** A login succeeded (LOGIN or AUTHENTICATE). */
    void loggedIn(MailAddress user) {
        account = user;
        resolver = new MailboxResolver(store, user);
        state = State.AUTHENTICATED;
    }

    MessageStore store() {
        return store;
    }

    MailboxListings listings() {
        return listings;
    }

    MessageContents contents() {
        return contents;
    }

    Responses out() {
        return out;
    }

    MailAddress user() {
        return account;
    }

    boolean condStore() {
        return enabled.contains("CONDSTORE");
    }

    /** Whether mailbox names and strings travel in UTF-8: UTF8=ACCEPT (RFC 9755) or IMAP4rev2 enabled. */
    boolean utf8() {
        return enabled.contains("UTF8=ACCEPT") || rev2();
    }

    /** Whether the client enabled IMAP4rev2 (RFC 9051): no \\Recent, ESEARCH for every SEARCH, UTF-8 names. */
    boolean rev2() {
        return enabled.contains("IMAP4REV2");
    }

    /** Reads a mailbox name argument as this session's client writes names. */
    String mailboxName(Arguments args) throws ImapSyntaxException, CommandFailed {
        return MailboxNames.read(args, utf8());
    }

    /** A mailbox name as this session's client reads names. */
    String wire(String name) {
        return MailboxNames.wire(name, utf8());
    }

    /** Whether the client enabled QRESYNC (RFC 7162 section 3.2.3). */
    boolean qresync() {
        return enabled.contains("QRESYNC");
    }

    /**
     * A CONDSTORE-enabling command ran (RFC 7162 section 3.1). Enabled with a mailbox selected, the
     * session tells the mailbox's HIGHESTMODSEQ it had not told at SELECT.
     */
    void enableCondStore() throws IOException {
        if (enabled.add("CONDSTORE") && selected != null) {
            out.untagged("OK [HIGHESTMODSEQ " + Math.max(1, selected.highestModSeq()) + "] Highest");
        }
    }

    SelectedMailbox selected() {
        return selected;
    }

    void select(SelectedMailbox mailbox) {
        deselect();
        selected = mailbox;
        state = State.SELECTED;
        watch = store.watch(mailbox.ref().owner(), mailbox.ref().name(), () -> {
            mailbox.changed();
            wakeUp();
        });
    }

    void deselect() {
        if (watch != null) {
            try {
                watch.close();
            } catch (Exception e) {
                LOG.warn("cannot stop watching {}: {}", selected.ref().visibleName(), e.toString());
            }
            watch = null;
        }
        selected = null;
        if (state == State.SELECTED) {
            state = State.AUTHENTICATED;
        }
    }

    /** Finds the mailbox a client's name means, with the user's rights on it ({@link MailboxResolver}). */
    MailboxRef resolve(String visibleName) throws IOException, CommandFailed {
        return resolver.resolve(visibleName);
    }

    /** The counters of a mailbox that exists; INBOX and special-use ones are created on first use. */
    MailboxStatus existing(MailboxRef mailbox) throws IOException, CommandFailed {
        return existing(mailbox, "NONEXISTENT");
    }

    /** As {@link #existing(MailboxRef)}, failing with the given response code (TRYCREATE for a target). */
    MailboxStatus existing(MailboxRef mailbox, String missingCode) throws IOException, CommandFailed {
        return resolver.existing(mailbox, missingCode);
    }

    void ok(Request r) throws IOException {
        ok(r, "");
    }

    /** Ends a command: what others changed first, then the tagged OK. */
    void ok(Request r, String code) throws IOException {
        reportChanges(expungesAllowed(r.name(), r.uid()), r.name().equals("NOOP") || r.name().equals("CHECK"));
        String command = r.uid() ? "UID " + r.name() : r.name();
        out.tagged(r.tag(), "OK", (code.isEmpty() ? "" : "[" + code + "] ") + command + " completed");
    }

    /** RFC 3501 section 7.4.1: no EXPUNGE during FETCH, STORE and SEARCH (and SORT and THREAD, RFC 5256) by sequence number. */
    private static boolean expungesAllowed(String command, boolean uid) {
        return uid || !Set.of("FETCH", "STORE", "SEARCH", "SORT", "THREAD").contains(command);
    }

    /**
     * Reports what changed in the selected mailbox since the session last looked.
     *
     * @param expungesAllowed false during FETCH, STORE and SEARCH by sequence number
     * @param force whether to look at the store even if nothing was reported (NOOP, CHECK)
     */
    void reportChanges(boolean expungesAllowed, boolean force) throws IOException {
        if (selected == null) {
            return;
        }
        SelectedMailbox.Changes changes = selected.refresh(expungesAllowed, force);
        if (qresync()) {
            // RFC 7162 section 3.2.10: VANISHED names the expunged UIDs in place of EXPUNGE
            if (!changes.expungedUids().isEmpty()) {
                out.untagged("VANISHED " + SequenceSet.of(changes.expungedUids()));
            }
        } else {
            for (int seq : changes.expunged()) {
                out.untagged(seq + " EXPUNGE");
            }
        }
        if (changes.exists() >= 0) {
            out.untagged(changes.exists() + " EXISTS");
            if (!rev2()) {
                out.untagged(selected.recentCount() + " RECENT");
            }
        }
        for (int seq : changes.flagsChanged()) {
            flagsOf(seq, true);
        }
    }

    /**
     * VANISHED (EARLIER) (RFC 7162 section 3.2.10): the UIDs of a set expunged since a MODSEQ, when
     * there are any.
     *
     * @param mailbox the selected mailbox
     * @param uids the UIDs asked about ({@code *} is the largest UID the mailbox gave), or null for all
     * @param modSeq the MODSEQ the client knows
     */
    void vanishedEarlier(SelectedMailbox mailbox, SequenceSet uids, long modSeq) throws IOException {
        SequenceSet asked = uids == null ? null : uids.isSavedResult() ? mailbox.resolve(uids, true)
                : uids.resolve(mailbox.largestUidGiven());
        List<Long> gone = store.expungedSince(mailbox.ref().owner(), mailbox.ref().name(), modSeq).stream()
                .filter(uid -> asked == null || asked.contains(uid)).toList();
        if (!gone.isEmpty()) {
            out.untagged("VANISHED (EARLIER) " + SequenceSet.of(gone));
        }
    }

    /** An untagged FETCH of one message's flags (STORE's answer, another session's change), with UID if asked. */
    void flagsOf(int seq, boolean uid) throws IOException {
        announceKeywords(selected.message(seq));
        out.untagged(FetchCommand.flagsResponse(selected, seq, uid, condStore()));
    }

    /**
     * Names a message's new keywords in FLAGS and PERMANENTFLAGS before a FETCH shows them (RFC
     * 3501 section 7.2.6: the client learns the defined flags from FLAGS).
     */
    void announceKeywords(StoredMessage m) throws IOException {
        if (selected.learnKeywords(m)) {
            MailboxCommands.flagResponses(out, selected);
        }
    }
}
