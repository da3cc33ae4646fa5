package org.iems.imapd.internal.session;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.iems.imapd.protocol.Arguments;
import org.iems.imapd.protocol.ImapSyntaxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NOTIFY (RFC 5465): which changes the session is told of without asking. For the selected
 * mailbox (SELECTED, or SELECTED-DELAYED which holds expunges back to the next command) new
 * messages, expunges and flag changes come as EXISTS, EXPUNGE (or VANISHED) and FETCH as soon as
 * they happen, as in IDLE (flag changes too, as in IDLE, whether FlagChange was asked or not);
 * for the other mailboxes named (INBOXES, PERSONAL, SUBSCRIBED, SUBTREE, MAILBOXES) as STATUS
 * responses. The events offered are MessageNew (without FETCH items), MessageExpunge and
 * FlagChange; the others are refused with {@code NO [BADEVENT ...]}. The mailboxes are looked up
 * when NOTIFY runs (one named that does not exist yet is watched for its first message); changes
 * made on other nodes reach the selected mailbox only.
 */
final class NotifyCommand {

    private static final Logger LOG = LoggerFactory.getLogger(NotifyCommand.class);
    private static final Set<String> OFFERED = Set.of("MESSAGENEW", "MESSAGEEXPUNGE", "FLAGCHANGE");
    private static final String BADEVENT = "BADEVENT (MessageNew MessageExpunge FlagChange)";
    /** The most mailboxes one session watches. */
    static final int MAX_WATCHED = 1_000;

    /**
     * What a session is told of.
     *
     * @param selected whether the selected mailbox's changes are sent as they happen
     * @param selectedDelayed whether expunges of the selected mailbox wait for a command
     * @param others the other mailboxes (names the client sees) whose changes come as STATUS
     */
    record Interest(boolean selected, boolean selectedDelayed, Set<String> others) {
    }

    private final ImapSession session;
    private final List<AutoCloseable> watches = new ArrayList<>();
    private final Set<String> changed = ConcurrentHashMap.newKeySet();
    /** Read without the session's lock by {@link ImapSession#mailboxChanged}. */
    private volatile Interest interest;

    NotifyCommand(ImapSession session) {
        this.session = session;
    }

    void notify(ImapSession.Request r) throws ImapSyntaxException, IOException, CommandFailed {
        Arguments a = r.args();
        String verb = a.keyword();
        if (verb.equals("NONE")) {
            a.end();
            stop();
            session.ok(r);
            return;
        }
        if (!verb.equals("SET")) {
            throw new ImapSyntaxException("NOTIFY SET or NOTIFY NONE");
        }
        a.space();
        boolean status = false;
        if (a.lookingAt("STATUS ")) {
            a.keyword();
            a.space();
            status = true;
        }
        boolean selected = false;
        boolean delayed = false;
        Set<String> others = new LinkedHashSet<>();
        do {
            a.expect('(');
            String filter = a.keyword();
            List<String> named = List.of();
            if (filter.equals("SUBTREE") || filter.equals("MAILBOXES")) {
                a.space();
                named = mailboxes(a);
            }
            a.space();
            boolean wanted = events(a);
            a.expect(')');
            switch (filter) {
                case "SELECTED", "SELECTED-DELAYED" -> {
                    selected = wanted;
                    delayed = filter.equals("SELECTED-DELAYED");
                }
                case "INBOXES" -> addIf(wanted, others, List.of("INBOX"));
                case "PERSONAL" -> {
                    addIf(wanted, others, List.of("INBOX"));
                    addIf(wanted, others, session.store().mailboxes(session.user()));
                }
                case "SUBSCRIBED" -> addIf(wanted, others, session.store().subscriptions(session.user()));
                case "MAILBOXES" -> addIf(wanted, others, named);
                case "SUBTREE" -> addIf(wanted, others, subtrees(named));
                default -> throw new ImapSyntaxException("Unknown NOTIFY filter " + filter);
            }
        } while (a.skip(' '));
        a.end();
        if (others.size() > MAX_WATCHED) {
            throw new CommandFailed("NOTIFICATIONOVERFLOW", "More than " + MAX_WATCHED + " mailboxes");
        }
        stop();
        interest = new Interest(selected, delayed, others);
        for (String name : others) {
            MailboxRef ref = session.resolve(name);
            watches.add(session.store().watch(ref.owner(), ref.name(), () -> {
                changed.add(name);
                session.wakeUp();
            }));
        }
        if (status) {
            for (String name : others) {
                statusOf(name);
            }
        }
        session.ok(r);
    }

    /** A filter's events: true when some are asked for, false for NONE; only those offered are taken. */
    private static boolean events(Arguments a) throws ImapSyntaxException, CommandFailed {
        if (a.lookingAt("NONE")) {
            a.keyword();
            return false;
        }
        a.expect('(');
        Set<String> events = new TreeSet<>();
        do {
            String event = a.atom().toUpperCase(Locale.ROOT);
            if (!OFFERED.contains(event)) {
                throw new CommandFailed(BADEVENT, "Event " + event + " is not offered");
            }
            events.add(event);
            if (event.equals("MESSAGENEW") && a.lookingAt(" (")) {
                // the FETCH items of new messages: the client fetches them itself instead
                throw new CommandFailed(BADEVENT, "MessageNew without FETCH items only");
            }
        } while (a.skip(' '));
        a.expect(')');
        // RFC 5465 section 5: MessageNew and MessageExpunge come together; FlagChange needs both
        if (events.contains("MESSAGENEW") != events.contains("MESSAGEEXPUNGE")
                || events.contains("FLAGCHANGE") && !events.contains("MESSAGENEW")) {
            throw new ImapSyntaxException("MessageNew and MessageExpunge go together, FlagChange needs both");
        }
        return true;
    }

    private List<String> mailboxes(Arguments a) throws ImapSyntaxException, CommandFailed {
        List<String> names = new ArrayList<>();
        if (a.skip('(')) {
            do {
                names.add(session.mailboxName(a));
            } while (a.skip(' '));
            a.expect(')');
        } else {
            names.add(session.mailboxName(a));
        }
        return names;
    }

    private List<String> subtrees(List<String> roots) throws IOException {
        List<String> out = new ArrayList<>();
        for (String name : session.store().mailboxes(session.user())) {
            if (roots.stream().anyMatch(root -> name.equals(root)
                    || name.startsWith(root + MailboxNames.SEPARATOR))) {
                out.add(name);
            }
        }
        return out;
    }

    private static void addIf(boolean wanted, Set<String> to, List<String> names) {
        if (wanted) {
            to.addAll(names);
        }
    }

    /** What the session is told of, or null without NOTIFY. */
    Interest interest() {
        return interest;
    }

    /** Tells the STATUS of every watched mailbox that changed since the last time, but the selected one. */
    void reportOthers() throws IOException {
        for (String name : List.copyOf(changed)) {
            changed.remove(name);
            SelectedMailbox selected = session.selected();
            if (selected == null || !selected.ref().visibleName().equals(name)) {
                statusOf(name);
            }
        }
    }

    private void statusOf(String name) throws IOException {
        try {
            MailboxRef ref = session.resolve(name);
            session.out().untagged(session.mailboxCommands().statusResponse(ref, session.existing(ref),
                    session.condStore() ? List.of("MESSAGES", "UIDNEXT", "UNSEEN", "HIGHESTMODSEQ")
                            : List.of("MESSAGES", "UIDNEXT", "UNSEEN")));
        } catch (CommandFailed e) {
            // deleted or no longer readable since NOTIFY: nothing to tell of it
            LOG.debug("no STATUS for {}: {}", name, e.replyText());
        }
    }

    /** Stops watching (NOTIFY NONE, a new NOTIFY SET, the end of the session). */
    void stop() {
        for (AutoCloseable watch : watches) {
            try {
                watch.close();
            } catch (Exception e) {
                LOG.warn("cannot stop a NOTIFY watch: {}", e.toString());
            }
        }
        watches.clear();
        changed.clear();
        interest = null;
    }
}
