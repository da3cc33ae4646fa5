package org.iems.bsmtp.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.iems.api.mail.InvalidAddressException;
import org.iems.api.mail.MailAddress;
import org.iems.api.mail.Xtext;
import org.iems.api.queue.BodyType;
import org.iems.api.queue.DsnNotify;
import org.iems.api.queue.DsnReturn;
import org.iems.api.queue.EnvelopeRecipient;

/**
 * Reads the content of an {@code application/batch-SMTP} object (RFC 2442) back into messages:
 * EHLO, HELO and NOOP are passed over, MAIL FROM starts a message, RCPT TO adds recipients, DATA
 * takes the dot-stuffed text up to the line with a single dot, RSET forgets a message begun, QUIT
 * ends the batch. The text of each message goes, unstuffed and byte for byte, to the handler as it
 * is read. Anything else is a {@link BatchFormatException}.
 */
public final class BatchReader {

    /** The longest line taken, command or text, in octets. */
    public static final int MAX_LINE = 1024 * 1024;
    /** The most messages in one batch. */
    public static final int MAX_MESSAGES = 10_000;

    /** Where the messages go. */
    public interface Handler {

        /**
         * A message's text begins.
         *
         * @return where to write it
         * @throws IOException if no place could be made
         */
        OutputStream text() throws IOException;

        /**
         * The message's text is complete.
         *
         * @param message its envelope
         * @throws IOException if it could not be kept
         */
        void message(BatchedMessage message) throws IOException;
    }

    private final InputStream in;
    private final Handler handler;

    private BatchReader(InputStream in, Handler handler) {
        this.in = in;
        this.handler = handler;
    }

    /**
     * Reads a whole batch.
     *
     * @param in the decoded content
     * @param handler where the messages go
     * @return how many messages the batch held
     * @throws BatchFormatException if the content is not a valid batch
     * @throws IOException if reading or the handler failed
     */
    public static int read(InputStream in, Handler handler) throws BatchFormatException, IOException {
        return new BatchReader(in, handler).read();
    }

    private int read() throws BatchFormatException, IOException {
        int messages = 0;
        BatchedMessage mail = null;
        List<EnvelopeRecipient> recipients = new ArrayList<>();
        byte[] line;
        while ((line = readLine()) != null) {
            String command = new String(stripEnd(line), StandardCharsets.UTF_8);
            String upper = command.toUpperCase(Locale.ROOT);
            String verb = upper.split(" ", 2)[0];
            if (upper.startsWith("MAIL FROM:")) {
                if (mail != null) {
                    throw new BatchFormatException("MAIL within a transaction: " + shorten(command));
                }
                String[] parts = path(command.substring("MAIL FROM:".length()));
                mail = envelope(parts[0].isEmpty() ? Optional.empty() : Optional.of(address(parts[0])), parts[1]);
                recipients = new ArrayList<>();
            } else if (upper.startsWith("RCPT TO:")) {
                if (mail == null) {
                    throw new BatchFormatException("RCPT without MAIL: " + shorten(command));
                }
                recipients.add(recipient(command.substring("RCPT TO:".length())));
            } else if (verb.equals("DATA")) {
                if (mail == null || recipients.isEmpty()) {
                    throw new BatchFormatException("DATA without MAIL and RCPT");
                }
                if (++messages > MAX_MESSAGES) {
                    throw new BatchFormatException("more than " + MAX_MESSAGES + " messages in one batch");
                }
                try (OutputStream text = handler.text()) {
                    copyText(text);
                }
                handler.message(new BatchedMessage(mail.sender(), recipients, mail.envelopeId(), mail.ret(), mail.body(),
                        mail.smtpUtf8()));
                mail = null;
            } else if (verb.equals("RSET")) {
                mail = null;
            } else if (verb.equals("QUIT")) {
                return messages;
            } else if (!verb.equals("EHLO") && !verb.equals("HELO") && !verb.equals("NOOP") && !command.isEmpty()) {
                throw new BatchFormatException("not a batch SMTP command: " + shorten(command));
            }
        }
        if (mail != null) {
            throw new BatchFormatException("the batch ends within a transaction");
        }
        return messages;
    }

    /** Copies the text up to the line holding a single dot, removing the stuffed dots. */
    private void copyText(OutputStream text) throws BatchFormatException, IOException {
        byte[] line;
        while ((line = readLine()) != null) {
            byte[] content = stripEnd(line);
            if (content.length == 1 && content[0] == '.') {
                return;
            }
            int from = line.length > 0 && line[0] == '.' ? 1 : 0;
            text.write(line, from, line.length - from);
        }
        throw new BatchFormatException("the batch ends within a message's text");
    }

    /** The sender and MAIL parameters of a message, its recipients still to come. */
    private static BatchedMessage envelope(Optional<MailAddress> sender, String parameters) throws BatchFormatException {
        BodyType body = BodyType.SEVEN_BIT;
        boolean smtpUtf8 = false;
        Optional<DsnReturn> ret = Optional.empty();
        Optional<String> envelopeId = Optional.empty();
        for (String p : words(parameters)) {
            String key = p.split("=", 2)[0].toUpperCase(Locale.ROOT);
            String value = p.contains("=") ? p.substring(p.indexOf('=') + 1) : "";
            switch (key) {
                case "BODY" -> body = value.equalsIgnoreCase("8BITMIME") ? BodyType.EIGHT_BIT_MIME : BodyType.SEVEN_BIT;
                case "SMTPUTF8" -> smtpUtf8 = true;
                case "RET" -> ret = Optional.of(value.equalsIgnoreCase("FULL") ? DsnReturn.FULL : DsnReturn.HEADERS);
                case "ENVID" -> envelopeId = Optional.of(xtext(value));
                case "SIZE" -> { }
                default -> throw new BatchFormatException("unknown MAIL parameter " + shorten(p));
            }
        }
        return new BatchedMessage(sender, List.of(), envelopeId, ret, body, smtpUtf8);
    }

    private static EnvelopeRecipient recipient(String text) throws BatchFormatException {
        String[] parts = path(text);
        Set<DsnNotify> notify = EnumSet.noneOf(DsnNotify.class);
        Optional<String> original = Optional.empty();
        for (String p : words(parts[1])) {
            String key = p.split("=", 2)[0].toUpperCase(Locale.ROOT);
            String value = p.contains("=") ? p.substring(p.indexOf('=') + 1) : "";
            if (key.equals("NOTIFY")) {
                for (String n : value.split(",")) {
                    try {
                        notify.add(DsnNotify.valueOf(n.toUpperCase(Locale.ROOT)));
                    } catch (IllegalArgumentException e) {
                        throw new BatchFormatException("invalid NOTIFY value " + shorten(n));
                    }
                }
            } else if (key.equals("ORCPT") && value.indexOf(';') > 0) {
                int semicolon = value.indexOf(';');
                original = Optional.of(value.substring(0, semicolon + 1) + xtext(value.substring(semicolon + 1)));
            } else {
                throw new BatchFormatException("unknown RCPT parameter " + shorten(p));
            }
        }
        return new EnvelopeRecipient(address(parts[0]), notify, original);
    }

    /** Splits {@code <path> params} into the address text and the parameters. */
    private static String[] path(String text) throws BatchFormatException {
        String t = text.strip();
        int close = t.indexOf('>');
        if (!t.startsWith("<") || close < 0) {
            throw new BatchFormatException("malformed path: " + shorten(t));
        }
        return new String[] {t.substring(1, close), t.substring(close + 1).strip()};
    }

    private static MailAddress address(String text) throws BatchFormatException {
        try {
            return MailAddress.parse(text);
        } catch (InvalidAddressException e) {
            throw new BatchFormatException("invalid address <" + shorten(text) + ">");
        }
    }

    private static String xtext(String value) throws BatchFormatException {
        try {
            return Xtext.decode(value);
        } catch (IllegalArgumentException e) {
            throw new BatchFormatException("invalid xtext " + shorten(value));
        }
    }

    private static String[] words(String text) {
        return text.isBlank() ? new String[0] : text.strip().split("\\s+");
    }

    private static String shorten(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "…" : text;
    }

    /** The line without its CR LF (or LF). */
    private static byte[] stripEnd(byte[] line) {
        int end = line.length;
        if (end > 0 && line[end - 1] == '\n') {
            end--;
        }
        if (end > 0 && line[end - 1] == '\r') {
            end--;
        }
        return end == line.length ? line : Arrays.copyOf(line, end);
    }

    /** The next line with its line end, or null at the end. */
    private byte[] readLine() throws BatchFormatException, IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) >= 0) {
            line.write(b);
            if (b == '\n') {
                return line.toByteArray();
            }
            if (line.size() > MAX_LINE) {
                throw new BatchFormatException("a line longer than " + MAX_LINE + " octets");
            }
        }
        return line.size() == 0 ? null : line.toByteArray();
    }
}
