package org.iems.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The IMAP concurrency checker: clients sharing a few accounts' INBOXes issue a random mix of
 * SELECT, FETCH, STORE with keywords, COPY, EXPUNGE, APPEND, SEARCH, IDLE and LOGOUT. Each client
 * keeps the state it was told (sequence numbers and UIDs, flags, keywords named in FLAGS, MODSEQ,
 * HIGHESTMODSEQ) and reports every untagged response inconsistent with it (RFC 3501 sections 7.4.1
 * and 7.2.6, RFC 7162), every NO or BAD it did not cause, every answer slower than one second,
 * and every message two sessions both saw as {@code \Recent} (RFC 3501 section 2.3.2). Runs as a
 * test against an in-process server or, from {@code bench/}, against a running one for minutes.
 */
public final class ImapChecker {

    /**
     * An account the clients share.
     *
     * @param login the login name
     * @param password its password
     */
    public record Account(String login, String password) {
    }

    private static final Pattern FETCH = Pattern.compile("^\\* (\\d+) FETCH \\((.*)\\)$");
    private static final Pattern UID = Pattern.compile("\\bUID (\\d+)");
    private static final Pattern FLAGS = Pattern.compile("\\bFLAGS \\(([^)]*)\\)");
    private static final Pattern MODSEQ = Pattern.compile("\\bMODSEQ \\((\\d+)\\)");
    private static final Pattern HIGHEST = Pattern.compile("^\\* OK \\[HIGHESTMODSEQ (\\d+)]");
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final List<String> KEYWORDS = List.of("$Work", "$Home", "$Todo", "$Later", "Project-X");

    private final String host;
    private final int port;
    private final List<Account> accounts;
    private final List<String> reports = Collections.synchronizedList(new ArrayList<>());
    /** Per account, the UIDs of its INBOX some session saw as recent, and which session. */
    private final Map<String, Map<Long, Integer>> recent = new ConcurrentHashMap<>();
    private volatile long stopAt;
    private final AtomicLong commands = new AtomicLong();

    /**
     * @param host the server's address
     * @param port its IMAP port (no TLS: the server must trust the checker's network)
     * @param accounts the accounts whose INBOXes the clients share
     */
    public ImapChecker(String host, int port, List<Account> accounts) {
        this.host = host;
        this.port = port;
        this.accounts = List.copyOf(accounts);
    }

    /**
     * Runs the clients.
     *
     * @param clients how many at once
     * @param duration how long
     * @param seed the random seed, so that a run can be repeated
     * @return every problem seen, one line each; empty when the server answered as the RFCs say
     * @throws InterruptedException if interrupted while waiting for the clients
     */
    public List<String> run(int clients, Duration duration, long seed) throws InterruptedException {
        stopAt = System.nanoTime() + duration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int i = 0; i < clients; i++) {
            int id = i;
            pool.execute(() -> new Client(id, accounts.get(id % accounts.size()), new Random(seed + id)).run());
        }
        pool.shutdown();
        if (!pool.awaitTermination(duration.toSeconds() + 60, TimeUnit.SECONDS)) {
            reports.add("clients did not finish within a minute of the end");
            pool.shutdownNow();
        }
        return List.copyOf(reports);
    }

    /** How many commands the clients sent in all. */
    public long commands() {
        return commands.get();
    }

    /** One client: its connection and what the server told it of the selected INBOX. */
    private final class Client {

        private final int id;
        private final Account account;
        private final Random random;
        /** Sequence number - 1 to UID; 0 until a FETCH told it. */
        private final List<Long> uids = new ArrayList<>();
        private final Map<Long, Long> modSeqs = new HashMap<>();
        private final Set<String> announced = new HashSet<>();
        private long highestModSeq;
        private Socket socket;
        private BufferedReader in;
        private OutputStream out;
        private int tags;
        private String current = "";

        Client(int id, Account account, Random random) {
            this.id = id;
            this.account = account;
            this.random = random;
        }

        void run() {
            try {
                connect();
                while (System.nanoTime() < stopAt) {
                    step();
                }
                command("LOGOUT");
            } catch (IOException | RuntimeException e) {
                report("connection failed: " + e);
            } finally {
                close();
            }
        }

        private void connect() throws IOException {
            socket = new Socket(host, port);
            socket.setSoTimeout(30_000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            out = socket.getOutputStream();
            String greeting = in.readLine();
            if (greeting == null || !greeting.startsWith("* OK")) {
                throw new IOException("greeting " + greeting);
            }
            command("LOGIN " + quoted(account.login()) + " " + quoted(account.password()));
            command("ENABLE CONDSTORE");
            select();
        }

        /** SELECT tells the mailbox afresh; MODSEQs are kept, as they must only rise. */
        private void select() throws IOException {
            uids.clear();
            announced.clear();
            command("SELECT INBOX");
            fetchAll();
        }

        private void close() {
            try {
                if (socket != null) {
                    socket.close();
                }
            } catch (IOException e) {
                report("close: " + e);
            }
        }

        private void step() throws IOException {
            int size = uids.size();
            int pick = random.nextInt(100);
            if (size == 0 || pick < 15) {
                append();
            } else if (pick < 30) {
                fetchAll();
            } else if (pick < 55) {
                store(1 + random.nextInt(size));
            } else if (pick < 62) {
                command("STORE " + (1 + random.nextInt(size)) + " +FLAGS.SILENT (\\Deleted)");
                command("EXPUNGE");
            } else if (pick < 68) {
                command("COPY " + (1 + random.nextInt(size)) + " INBOX");
            } else if (pick < 75) {
                command("UID SEARCH ALL");
            } else if (pick < 85) {
                command("NOOP");
            } else if (pick < 90) {
                idle();
            } else if (pick < 96) {
                select();
            } else {
                command("LOGOUT");
                close();
                connect();
            }
            if (uids.contains(0L)) {
                fetchAll();
            }
        }

        private void append() throws IOException {
            String keyword = KEYWORDS.get(random.nextInt(KEYWORDS.size()));
            String message = "Subject: checker " + id + "\r\nFrom: checker@ima.test\r\n\r\nclient " + id + "\r\n";
            command("APPEND INBOX (" + keyword + ") {" + message.length() + "+}\r\n" + message);
        }

        private void store(int seq) throws IOException {
            String flag = random.nextBoolean() ? KEYWORDS.get(random.nextInt(KEYWORDS.size()))
                    : random.nextBoolean() ? "\\Seen" : "\\Flagged";
            command((random.nextBoolean() ? "STORE " : "UID STORE ")
                    .concat(random.nextBoolean() ? String.valueOf(seq) : String.valueOf(uidOrSeq(seq)))
                    .concat(random.nextBoolean() ? " +FLAGS (" : " -FLAGS (") + flag + ")");
        }

        /** A UID STORE names a UID; when the UID is not known yet, the message by sequence number. */
        private long uidOrSeq(int seq) {
            long uid = uids.get(seq - 1);
            return uid == 0 ? seq : uid;
        }

        private void fetchAll() throws IOException {
            if (!uids.isEmpty()) {
                command("FETCH 1:* (UID FLAGS MODSEQ)");
            }
        }

        private void idle() throws IOException {
            String tag = "i" + (++tags);
            current = "IDLE";
            send(tag + " IDLE\r\n");
            String line = in.readLine();
            if (line == null || !line.startsWith("+")) {
                report("IDLE answered " + line);
                return;
            }
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100 + random.nextInt(300));
            socket.setSoTimeout(50);
            try {
                while (System.nanoTime() < end) {
                    try {
                        String untagged = in.readLine();
                        if (untagged == null) {
                            throw new IOException("closed during IDLE");
                        }
                        untagged(untagged);
                    } catch (SocketTimeoutException e) {
                        // nothing happened meanwhile
                    }
                }
            } finally {
                socket.setSoTimeout(30_000);
            }
            send("DONE\r\n");
            finish(tag, System.nanoTime());
        }

        private void command(String text) throws IOException {
            String tag = "c" + (++tags);
            current = text.split(" ", 3)[0].equals("UID") ? "UID " + text.split(" ", 3)[1] : text.split(" ", 2)[0];
            send(tag + " " + text + "\r\n");
            finish(tag, System.nanoTime());
        }

        private void finish(String tag, long started) throws IOException {
            commands.incrementAndGet();
            while (true) {
                String line = in.readLine();
                if (line == null) {
                    throw new IOException("connection closed during " + current);
                }
                if (line.startsWith(tag + " ")) {
                    long took = System.nanoTime() - started;
                    if (took > STALL_NANOS) {
                        report(current + " took " + took / 1_000_000 + " ms");
                    }
                    if (!line.startsWith(tag + " OK")) {
                        report(current + " answered " + line.substring(tag.length() + 1));
                    }
                    return;
                }
                untagged(line);
            }
        }

        private void send(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        private void untagged(String line) {
            if (current.equals("LOGOUT")) {
                if (!line.startsWith("* BYE")) {
                    report("after LOGOUT's BYE: " + line);
                }
                return;
            }
            if (line.startsWith("* BYE")) {
                report("BYE during " + current + ": " + line);
                return;
            }
            if (line.startsWith("* FLAGS (")) {
                announced.clear();
                for (String flag : line.substring(9, line.lastIndexOf(')')).split(" ")) {
                    if (!flag.isEmpty() && flag.charAt(0) != '\\') {
                        announced.add(flag);
                    }
                }
                return;
            }
            Matcher highest = HIGHEST.matcher(line);
            if (highest.find()) {
                long value = Long.parseLong(highest.group(1));
                if (value < highestModSeq) {
                    report("HIGHESTMODSEQ went back from " + highestModSeq + " to " + value);
                }
                highestModSeq = value;
                return;
            }
            String[] words = line.split(" ", 4);
            if (words.length >= 3 && words[2].equals("EXISTS")) {
                int exists = Integer.parseInt(words[1]);
                if (exists < uids.size()) {
                    report("EXISTS went down from " + uids.size() + " to " + exists + " without EXPUNGE");
                }
                while (uids.size() < exists) {
                    uids.add(0L);
                }
            } else if (words.length >= 3 && words[2].equals("EXPUNGE")) {
                expunged(Integer.parseInt(words[1]));
            } else {
                Matcher fetch = FETCH.matcher(line);
                if (fetch.matches()) {
                    fetched(Integer.parseInt(fetch.group(1)), fetch.group(2));
                }
            }
        }

        private void expunged(int seq) {
            if (Set.of("FETCH", "STORE", "SEARCH").contains(current)) {
                report("EXPUNGE during " + current + " by sequence number (RFC 3501 7.4.1)");
            }
            if (seq < 1 || seq > uids.size()) {
                report("EXPUNGE " + seq + " of " + uids.size() + " messages");
                return;
            }
            uids.remove(seq - 1);
        }

        private void fetched(int seq, String items) {
            if (seq < 1 || seq > uids.size()) {
                report("FETCH for message " + seq + " of " + uids.size() + ": " + items);
                return;
            }
            Matcher uidMatch = UID.matcher(items);
            long uid = uids.get(seq - 1);
            if (uidMatch.find()) {
                long told = Long.parseLong(uidMatch.group(1));
                if (uid != 0 && uid != told) {
                    report("message " + seq + " is UID " + uid + ", FETCH says " + told);
                    return;
                }
                if (uid == 0) {
                    checkOrder(seq, told);
                    uids.set(seq - 1, told);
                    uid = told;
                }
            }
            Matcher flags = FLAGS.matcher(items);
            if (flags.find()) {
                for (String flag : flags.group(1).split(" ")) {
                    if (flag.equals("\\Recent") && uid != 0) {
                        Integer other = recent.computeIfAbsent(account.login(), k -> new ConcurrentHashMap<>())
                                .putIfAbsent(uid, id);
                        if (other != null && other != id) {
                            report("UID " + uid + " recent to two sessions (" + other + " and " + id + ")");
                        }
                    } else if (!flag.isEmpty() && flag.charAt(0) != '\\' && !announced.contains(flag)) {
                        report("keyword " + flag + " in FETCH before FLAGS named it (RFC 3501 7.2.6)");
                        announced.add(flag);
                    }
                }
            }
            Matcher modSeq = MODSEQ.matcher(items);
            if (modSeq.find() && uid != 0) {
                long value = Long.parseLong(modSeq.group(1));
                Long before = modSeqs.put(uid, value);
                if (before != null && value < before) {
                    report("MODSEQ of UID " + uid + " went back from " + before + " to " + value + " (" + current
                            + ": * " + seq + " FETCH (" + items + "))");
                }
            }
        }

        /** UIDs ascend with sequence numbers (RFC 3501 section 2.3.1.1). */
        private void checkOrder(int seq, long uid) {
            for (int i = seq - 2; i >= 0; i--) {
                if (uids.get(i) != 0) {
                    if (uids.get(i) >= uid) {
                        report("UID " + uid + " at " + seq + " not above UID " + uids.get(i) + " at " + (i + 1));
                    }
                    break;
                }
            }
            for (int i = seq; i < uids.size(); i++) {
                if (uids.get(i) != 0) {
                    if (uids.get(i) <= uid) {
                        report("UID " + uid + " at " + seq + " not below UID " + uids.get(i) + " at " + (i + 1));
                    }
                    break;
                }
            }
        }

        private void report(String problem) {
            reports.add("client " + id + " (" + account.login() + "): " + problem);
        }
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /**
     * Runs the checker against a server: {@code host port clients seconds login:password...}.
     * Prints each problem and a summary; exits with 1 if there was any.
     *
     * @param args the arguments
     * @throws InterruptedException if interrupted
     */
    public static void main(String[] args) throws InterruptedException {
        List<Account> accounts = new ArrayList<>();
        for (int i = 4; i < args.length; i++) {
            String[] parts = args[i].split(":", 2);
            accounts.add(new Account(parts[0], parts[1]));
        }
        ImapChecker checker = new ImapChecker(args[0], Integer.parseInt(args[1]), accounts);
        long started = System.nanoTime();
        List<String> problems = checker.run(Integer.parseInt(args[2]), Duration.ofSeconds(Long.parseLong(args[3])),
                System.currentTimeMillis());
        problems.forEach(System.out::println);
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("imap-checker: %d clients, %d commands in %.0f s (%.0f/s), %d problems%n",
                Integer.parseInt(args[2]), checker.commands(), seconds, checker.commands() / seconds, problems.size());
        System.exit(problems.isEmpty() ? 0 : 1);
    }
}
