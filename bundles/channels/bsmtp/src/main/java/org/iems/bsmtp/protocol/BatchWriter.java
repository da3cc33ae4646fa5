package org.iems.bsmtp.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.stream.Collectors;
import org.iems.api.mail.Xtext;
import org.iems.api.queue.BodyType;
import org.iems.api.queue.DsnReturn;
import org.iems.api.queue.EnvelopeRecipient;

/**
 * Writes the content of an {@code application/batch-SMTP} object (RFC 2442): what an SMTP client
 * would send for each message, every reply assumed positive — EHLO, then per message MAIL FROM
 * and RCPT TO with their ESMTP parameters (BODY, SMTPUTF8, RET, ENVID, NOTIFY, ORCPT), DATA and
 * the dot-stuffed text, and QUIT at the end. Lines end in CR LF.
 */
public final class BatchWriter {

    private final OutputStream out;

    /**
     * Starts a batch.
     *
     * @param out where the content goes
     * @param heloName the name said in EHLO
     * @throws IOException if writing failed
     */
    public BatchWriter(OutputStream out, String heloName) throws IOException {
        this.out = out;
        line("EHLO " + heloName);
    }

    /**
     * Adds one message.
     *
     * @param message its envelope
     * @param text its text, as stored
     * @throws IOException if reading or writing failed
     */
    public void add(BatchedMessage message, InputStream text) throws IOException {
        StringBuilder mail = new StringBuilder("MAIL FROM:<").append(message.sender().map(Object::toString).orElse(""))
                .append('>');
        if (message.body() == BodyType.EIGHT_BIT_MIME) {
            mail.append(" BODY=8BITMIME");
        }
        if (message.smtpUtf8()) {
            mail.append(" SMTPUTF8");
        }
        message.ret().ifPresent(r -> mail.append(" RET=").append(r == DsnReturn.FULL ? "FULL" : "HDRS"));
        message.envelopeId().ifPresent(id -> mail.append(" ENVID=").append(Xtext.encode(id)));
        line(mail.toString());
        for (EnvelopeRecipient r : message.recipients()) {
            StringBuilder rcpt = new StringBuilder("RCPT TO:<").append(r.address()).append('>');
            if (!r.notifyOn().isEmpty()) {
                rcpt.append(" NOTIFY=").append(r.notifyOn().stream().map(n -> n.name().toUpperCase(Locale.ROOT)).sorted()
                        .collect(Collectors.joining(",")));
            }
            r.originalRecipient().ifPresent(o -> {
                int semicolon = o.indexOf(';');
                if (semicolon > 0) {
                    rcpt.append(" ORCPT=").append(o, 0, semicolon).append(';')
                            .append(Xtext.encode(o.substring(semicolon + 1)));
                }
            });
            line(rcpt.toString());
        }
        line("DATA");
        stuff(text);
        line(".");
    }

    /**
     * Ends the batch with QUIT.
     *
     * @throws IOException if writing failed
     */
    public void finish() throws IOException {
        line("QUIT");
        out.flush();
    }

    /** Copies the text with a dot doubled at each line start, ending it with CR LF if it has none. */
    private void stuff(InputStream text) throws IOException {
        byte[] buffer = new byte[16384];
        boolean lineStart = true;
        int last = '\n';
        int n;
        while ((n = text.read(buffer)) > 0) {
            for (int i = 0; i < n; i++) {
                byte b = buffer[i];
                if (lineStart && b == '.') {
                    out.write('.');
                }
                out.write(b);
                lineStart = b == '\n';
                last = b;
            }
        }
        if (last != '\n') {
            out.write('\r');
            out.write('\n');
        }
    }

    private void line(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.write('\r');
        out.write('\n');
    }
}
