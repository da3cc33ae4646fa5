package org.iems.imapd.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts a client's bytes together into whole commands: lines and the literals inside them
 * (RFC 3501 section 4.3), synchronizing ({@code {n}}: the client waits for a continuation
 * request) and non-synchronizing ({@code {n+}}, RFC 7888). Input may arrive split anywhere.
 *
 * <p>Limits keep one client from taking the server's memory: the text of a command, each literal
 * held in memory, and the literals of one command together. Only APPEND may send a larger literal
 * (up to the largest message), and that one is spooled to storage as it arrives. A synchronizing
 * literal over a limit is refused before the client sends it; a non-synchronizing one cannot be
 * refused without reading it, so the connection is closed (RFC 7888 section 4).
 */
public final class CommandAssembler {

    /** What the assembler has for its caller. */
    public sealed interface Outcome {
    }

    /**
     * A whole command.
     *
     * @param command the command
     */
    public record Complete(CommandText command) implements Outcome {
    }

    /** A synchronizing literal was announced and accepted: send a continuation request. */
    public record ContinueLiteral() implements Outcome {
    }

    /**
     * A command was thrown away.
     *
     * @param tag its tag, or {@code *} if none could be read
     * @param reason why, for the reply
     * @param tooBig whether a literal was too large (response code TOOBIG, RFC 4469/7889)
     * @param fatal whether the connection must close: the client is sending octets we refuse to read
     */
    public record Refused(String tag, String reason, boolean tooBig, boolean fatal) implements Outcome {
    }

    /**
     * Limits of one command.
     *
     * @param maxText longest text of a command without its literals, in octets
     * @param maxLiteral largest literal held in memory
     * @param maxInMemory largest sum of one command's in-memory literals
     * @param maxMessage largest literal of an APPEND, which is spooled
     */
    public record Limits(int maxText, int maxLiteral, int maxInMemory, long maxMessage) {
    }

    /** A literal, or a literal8 of RFC 3516 section 4.3 ({@code ~{n}}), whose octets may hold NUL. */
    private static final Pattern LITERAL_MARKER = Pattern.compile("~?\\{(\\d{1,20})(\\+?)}$");
    private static final Pattern APPEND = Pattern.compile("^\\S+ +APPEND ", Pattern.CASE_INSENSITIVE);

    private final Limits limits;
    private final LiteralSpool spool;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final List<String> texts = new ArrayList<>();
    private final List<Literal> literals = new ArrayList<>();
    private int textSize;
    private int inMemory;
    private boolean discarding;
    private String discardTail = "";
    /** Octets of the current literal still to come; -1 in line mode. */
    private long literalLeft = -1;
    private ByteArrayOutputStream memoryLiteral;
    private LiteralSpool.Spooling spooling;
    /** A refused non-synchronizing literal: its octets are skipped up to the close. */
    private boolean dead;
    private Outcome outcome;

    /**
     * @param limits the limits
     * @param spool where APPEND literals go
     */
    public CommandAssembler(Limits limits, LiteralSpool spool) {
        this.limits = limits;
        this.spool = spool;
    }

    /**
     * Consumes input until an outcome is ready or the input ends.
     *
     * @param data the input
     * @param from where to start
     * @return where the next call should start; {@code data.length} when all was consumed
     * @throws IOException if a spooled literal cannot be written
     */
    public int feed(byte[] data, int from) throws IOException {
        int at = from;
        while (at < data.length && outcome == null && !dead) {
            at = literalLeft >= 0 ? literal(data, at) : line(data, at);
        }
        return dead ? data.length : at;
    }

    /**
     * Takes the outcome the last {@link #feed} produced.
     *
     * @return the outcome, or empty if more input is needed
     */
    public Optional<Outcome> take() {
        Outcome o = outcome;
        outcome = null;
        return Optional.ofNullable(o);
    }

    /** Drops whatever was collected: STARTTLS discards the plaintext that came after it. */
    public void reset() {
        abandonSpool();
        clear();
        line.reset();
        literalLeft = -1;
        discarding = false;
        outcome = null;
    }

    /** Releases a literal being spooled when the connection ends. */
    public void close() {
        abandonSpool();
    }

    private int literal(byte[] data, int from) throws IOException {
        int n = (int) Math.min(literalLeft, data.length - from);
        if (spooling != null) {
            spooling.stream().write(data, from, n);
        } else {
            memoryLiteral.write(data, from, n);
        }
        literalLeft -= n;
        if (literalLeft == 0) {
            literalLeft = -1;
            if (spooling != null) {
                literals.add(spooling.finish());
                spooling = null;
            } else {
                literals.add(new InMemoryLiteral(memoryLiteral.toByteArray()));
                memoryLiteral = null;
            }
        }
        return from + n;
    }

    private int line(byte[] data, int from) throws IOException {
        int i = from;
        while (i < data.length && data[i] != '\n') {
            i++;
        }
        if (!discarding && textSize + line.size() + (i - from) > limits.maxText() + 1) {
            discarding = true;
        }
        if (discarding) {
            keepTail(data, from, i);
        } else {
            line.write(data, from, i - from);
        }
        if (i == data.length) {
            return i;
        }
        if (discarding) {
            discarded();
        } else {
            lineEnded();
        }
        return i + 1;
    }

    private void keepTail(byte[] data, int from, int to) {
        int start = Math.max(from, to - 32);
        String tail = discardTail + new String(data, start, to - start, StandardCharsets.ISO_8859_1);
        discardTail = tail.substring(Math.max(0, tail.length() - 32));
        if (texts.isEmpty() && line.size() > 0) {
            // keep the start of the line for the tag, drop the rest
            byte[] head = line.toByteArray();
            line.reset();
            line.write(head, 0, Math.min(head.length, 64));
        }
    }

    private void discarded() {
        String tail = discardTail.strip();
        Matcher m = LITERAL_MARKER.matcher(tail);
        boolean nonSync = m.find() && !m.group(2).isEmpty();
        String tag = tag();
        clear();
        line.reset();
        discarding = false;
        discardTail = "";
        outcome = new Refused(tag, "Command line too long", false, nonSync);
        dead = nonSync;
    }

    private void lineEnded() throws IOException {
        byte[] bytes = line.toByteArray();
        line.reset();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        String text = new String(bytes, 0, length, StandardCharsets.UTF_8);
        textSize += length;
        Matcher m = LITERAL_MARKER.matcher(text);
        if (!m.find()) {
            texts.add(text);
            outcome = new Complete(new CommandText(texts, literals));
            clear();
            return;
        }
        texts.add(text.substring(0, m.start()));
        boolean sync = m.group(2).isEmpty();
        long size = m.group(1).length() > 18 ? Long.MAX_VALUE : Long.parseLong(m.group(1));
        startLiteral(size, sync);
    }

    private void startLiteral(long size, boolean sync) throws IOException {
        boolean append = APPEND.matcher(texts.get(0)).find();
        boolean inMemoryFits = size <= limits.maxLiteral() && inMemory + size <= limits.maxInMemory();
        if (!inMemoryFits && !(append && size <= limits.maxMessage())) {
            String tag = tag();
            clear();
            outcome = new Refused(tag, append ? "Message too large" : "Literal too large", true, !sync);
            dead = !sync;
            return;
        }
        if (inMemoryFits) {
            memoryLiteral = new ByteArrayOutputStream((int) size);
            inMemory += (int) size;
        } else {
            spooling = spool.start(size);
        }
        literalLeft = size;
        if (sync) {
            outcome = new ContinueLiteral();
        }
        if (size == 0) {
            literal(new byte[0], 0);
        }
    }

    private String tag() {
        String first = texts.isEmpty() ? line.toString(StandardCharsets.UTF_8) : texts.get(0);
        int space = first.indexOf(' ');
        String tag = space < 0 ? first : first.substring(0, space);
        return Arguments.isTag(tag) ? tag : "*";
    }

    private void clear() {
        texts.clear();
        literals.clear();
        textSize = 0;
        inMemory = 0;
    }

    private void abandonSpool() {
        if (spooling != null) {
            spooling.abandon();
            spooling = null;
        }
        memoryLiteral = null;
    }
}
