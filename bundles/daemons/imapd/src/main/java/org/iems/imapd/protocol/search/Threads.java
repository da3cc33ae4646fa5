package org.iems.imapd.protocol.search;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The THREAD algorithms of RFC 5256 section 3, ORDEREDSUBJECT and REFERENCES, and the thread list
 * of a THREAD response. The trees are built, sorted and written without recursion, so a chain of
 * replies as long as the mailbox costs no stack.
 */
public final class Threads {

    /** The threading algorithms offered. */
    public enum Algorithm { ORDEREDSUBJECT, REFERENCES }

    private static final Pattern MESSAGE_ID = Pattern.compile("<([^<>\\s]+)>");

    /** A node of a thread tree: a message, or a dummy standing for one referred to but not present. */
    private static final class Node {
        final String id;
        SearchCandidate message;
        long number;
        Instant date;
        BaseSubject subject;
        Node parent;
        final List<Node> children = new ArrayList<>();

        Node(String id) {
            this.id = id;
        }

        boolean dummy() {
            return message == null;
        }

        /** Whether {@code other} is this node or one of its ancestors. */
        boolean descendsFrom(Node other) {
            for (Node n = this; n != null; n = n.parent) {
                if (n == other) {
                    return true;
                }
            }
            return false;
        }

        void adopt(Node child) {
            if (child.parent != null) {
                child.parent.children.remove(child);
            }
            child.parent = this;
            children.add(child);
        }
    }

    private Threads() {
    }

    /**
     * Threads messages.
     *
     * @param algorithm the algorithm
     * @param messages the messages, in sequence order
     * @param uid whether the response names UIDs (UID THREAD) or sequence numbers
     * @return the thread list, {@code (2)(3 6 (4 23)(44 7 96))}, empty when there are no messages
     */
    public static String thread(Algorithm algorithm, List<? extends SearchCandidate> messages, boolean uid) {
        List<Node> nodes = new ArrayList<>(messages.size());
        for (SearchCandidate m : messages) {
            Node n = new Node(null);
            n.message = m;
            n.number = uid ? m.uid() : m.sequence();
            n.date = SortKeys.sentDate(m);
            n.subject = SortKeys.subject(m);
            nodes.add(n);
        }
        List<Node> roots = algorithm == Algorithm.ORDEREDSUBJECT ? bySubject(nodes) : byReferences(nodes);
        StringBuilder out = new StringBuilder();
        for (Node root : roots) {
            write(root, out);
        }
        return out.toString();
    }

    /** ORDEREDSUBJECT: one thread per base subject, the first message its parent, the others its children. */
    private static List<Node> bySubject(List<Node> nodes) {
        Map<String, Node> threads = new LinkedHashMap<>();
        List<Node> sorted = new ArrayList<>(nodes);
        sorted.sort(Comparator.comparing((Node n) -> n.subject.text()).thenComparing(Threads::byDate));
        for (Node n : sorted) {
            Node first = threads.putIfAbsent(n.subject.text(), n);
            if (first != null) {
                first.adopt(n);
            }
        }
        List<Node> roots = new ArrayList<>(threads.values());
        roots.sort(Threads::byDate);
        return roots;
    }

    private static int byDate(Node a, Node b) {
        int c = date(a).compareTo(date(b));
        return c != 0 ? c : Long.compare(number(a), number(b));
    }

    /** A dummy's date and number are those of its first child, once the children are sorted. */
    private static Instant date(Node n) {
        Node m = n;
        while (m.dummy() && !m.children.isEmpty()) {
            m = m.children.get(0);
        }
        return m.date == null ? Instant.MIN : m.date;
    }

    private static long number(Node n) {
        Node m = n;
        while (m.dummy() && !m.children.isEmpty()) {
            m = m.children.get(0);
        }
        return m.number;
    }

    /** REFERENCES (RFC 5256 section 3, steps 1 to 6). */
    private static List<Node> byReferences(List<Node> messages) {
        Map<String, Node> byId = new HashMap<>();
        List<Node> all = new ArrayList<>();
        for (Node m : messages) {
            linkReferences(m, byId, all);
        }
        List<Node> roots = new ArrayList<>();
        for (Node n : all) {
            if (n.parent == null) {
                roots.add(n);
            }
        }
        roots = pruneDummies(roots);
        sortTree(roots);
        roots = mergeBySubject(roots);
        sortTree(roots);
        return roots;
    }

    /** Steps 1A and 1B: containers for the message and its references, linked parent to child. */
    private static void linkReferences(Node message, Map<String, Node> byId, List<Node> all) {
        List<String> references = references(message.message);
        Node previous = null;
        for (String ref : references) {
            Node n = byId.computeIfAbsent(ref, id -> {
                Node dummy = new Node(id);
                all.add(dummy);
                return dummy;
            });
            if (previous != null && n.parent == null && !previous.descendsFrom(n)) {
                previous.adopt(n);
            }
            previous = n;
        }
        String id = message.message.headers().first("Message-ID").map(Threads::firstId).orElse(null);
        Node own = id == null ? null : byId.get(id);
        if (own != null && own.dummy()) {
            // the message was referred to before it came: it takes its dummy's place
            own.message = message.message;
            own.number = message.number;
            own.date = message.date;
            own.subject = message.subject;
        } else {
            // no Message-ID, or one already taken: a container of its own (RFC 5256 says to make one unique)
            own = message;
            if (id != null) {
                byId.putIfAbsent(id, own);
            }
            all.add(own);
        }
        if (previous != null && previous != own && !previous.descendsFrom(own)) {
            previous.adopt(own);
        } else if (previous == null && own.parent != null) {
            own.parent.children.remove(own);
            own.parent = null;
        }
    }

    /** The message IDs a message refers to, oldest first: References, or else In-Reply-To's first. */
    private static List<String> references(SearchCandidate m) {
        List<String> ids = new ArrayList<>();
        m.headers().first("References").ifPresent(v -> {
            Matcher matcher = MESSAGE_ID.matcher(v);
            while (matcher.find()) {
                ids.add(matcher.group(1));
            }
        });
        if (ids.isEmpty()) {
            m.headers().first("In-Reply-To").map(Threads::firstId).ifPresent(ids::add);
        }
        return ids;
    }

    private static String firstId(String value) {
        Matcher matcher = MESSAGE_ID.matcher(value);
        return matcher.find() ? matcher.group(1) : null;
    }

    /** Step 3, on every level of the trees. */
    private static List<Node> pruneDummies(List<Node> roots) {
        List<Node> top = pruneLevel(roots, true);
        Deque<Node> stack = new ArrayDeque<>();
        for (Node root : top) {
            root.parent = null;
            stack.push(root);
        }
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            List<Node> children = pruneLevel(n.children, false);
            n.children.clear();
            for (Node c : children) {
                c.parent = n;
                n.children.add(c);
                stack.push(c);
            }
        }
        return top;
    }

    /**
     * One level: a dummy without children goes; a dummy's children take its place, except at the
     * top where a dummy with several children stays to hold them together.
     */
    private static List<Node> pruneLevel(List<Node> level, boolean top) {
        Deque<Node> pending = new ArrayDeque<>(level);
        List<Node> out = new ArrayList<>();
        while (!pending.isEmpty()) {
            Node n = pending.pollFirst();
            if (n.dummy() && !(top && n.children.size() > 1)) {
                for (int i = n.children.size() - 1; i >= 0; i--) {
                    pending.addFirst(n.children.get(i));
                }
                n.children.clear();
                continue;
            }
            out.add(n);
        }
        return out;
    }

    /** Steps 4 and 6: siblings ordered by sent date, the deepest first so dummies take their first child's. */
    private static void sortTree(List<Node> roots) {
        List<Node> order = new ArrayList<>();
        Deque<Node> stack = new ArrayDeque<>(roots);
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            order.add(n);
            stack.addAll(n.children);
        }
        for (int i = order.size() - 1; i >= 0; i--) {
            order.get(i).children.sort(Threads::byDate);
        }
        roots.sort(Threads::byDate);
    }

    /** Step 5: top-level threads with the same base subject are joined. */
    private static List<Node> mergeBySubject(List<Node> roots) {
        Map<String, Node> table = new HashMap<>();
        for (Node root : roots) {
            BaseSubject s = subject(root);
            if (s.text().isEmpty()) {
                continue;
            }
            Node old = table.get(s.text());
            if (old == null || root.dummy() && !old.dummy()
                    || !old.dummy() && old.subject.replyOrForward() && !root.dummy() && !root.subject.replyOrForward()) {
                table.put(s.text(), root);
            }
        }
        List<Node> out = new ArrayList<>();
        for (Node root : roots) {
            BaseSubject s = subject(root);
            Node keeper = s.text().isEmpty() ? null : table.get(s.text());
            if (keeper == null || keeper == root) {
                out.add(root);
                continue;
            }
            if (keeper.dummy() && root.dummy()) {
                for (Node c : new ArrayList<>(root.children)) {
                    keeper.adopt(c);
                }
            } else if (keeper.dummy()) {
                keeper.adopt(root);
            } else if (!keeper.subject.replyOrForward() && root.subject.replyOrForward()) {
                keeper.adopt(root);
            } else {
                // neither is clearly the other's reply: both become children of a new dummy
                Node dummy = new Node(null);
                int at = out.indexOf(keeper);
                dummy.adopt(keeper);
                dummy.adopt(root);
                table.put(s.text(), dummy);
                if (at >= 0) {
                    out.set(at, dummy);
                } else {
                    out.add(dummy);
                }
            }
        }
        out.removeIf(n -> n.parent != null);
        return out;
    }

    /** The subject a top-level node is grouped by: its message's, or its first child's for a dummy. */
    private static BaseSubject subject(Node n) {
        Node m = n;
        while (m.dummy() && !m.children.isEmpty()) {
            m = m.children.get(0);
        }
        return m.subject == null ? new BaseSubject("", false) : m.subject;
    }

    /**
     * Writes one thread: a message, then its only child in line, or each of several children as
     * a parenthesised thread of its own (RFC 5256 section 4, thread-list).
     */
    private static void write(Node root, StringBuilder out) {
        Deque<Object> work = new ArrayDeque<>();
        work.push(')');
        work.push(root);
        out.append('(');
        while (!work.isEmpty()) {
            Object item = work.pop();
            if (item instanceof Character c) {
                out.append(c.charValue());
                continue;
            }
            Node n = (Node) item;
            if (!n.dummy()) {
                if (out.charAt(out.length() - 1) != '(') {
                    out.append(' ');
                }
                out.append(n.number);
            }
            if (n.children.size() == 1 && !n.dummy()) {
                work.push(n.children.get(0));
            } else if (!n.children.isEmpty()) {
                if (!n.dummy()) {
                    out.append(' ');
                }
                for (int i = n.children.size() - 1; i >= 0; i--) {
                    work.push(')');
                    work.push(n.children.get(i));
                    work.push('(');
                }
            }
        }
    }
}
