package org.iems.bsmtp.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.iems.api.mail.MailAddress;
import org.iems.api.queue.BodyType;
import org.iems.api.queue.DsnNotify;
import org.iems.api.queue.DsnReturn;
import org.iems.api.queue.EnvelopeRecipient;
import org.junit.jupiter.api.Test;

class BatchFormatTest {

    /** Collects what a batch held: envelopes and texts. */
    private static final class Collected implements BatchReader.Handler {
        final List<BatchedMessage> envelopes = new ArrayList<>();
        final List<String> texts = new ArrayList<>();
        private ByteArrayOutputStream current;

        @Override
        public OutputStream text() {
            current = new ByteArrayOutputStream();
            return current;
        }

        @Override
        public void message(BatchedMessage message) {
            envelopes.add(message);
            texts.add(current.toString(StandardCharsets.UTF_8));
        }
    }

    private static Collected read(String batch) throws Exception {
        Collected c = new Collected();
        BatchReader.read(new ByteArrayInputStream(batch.getBytes(StandardCharsets.UTF_8)), c);
        return c;
    }

    @Test
    void envelopesAndTextsSurviveTheRoundTrip() throws Exception {
        BatchedMessage first = new BatchedMessage(Optional.of(MailAddress.parse("a@iems.test")), List.of(
                new EnvelopeRecipient(MailAddress.parse("b@batch.test"), Set.of(DsnNotify.FAILURE, DsnNotify.DELAY),
                        Optional.of("rfc822;b+x=y@batch.test")), EnvelopeRecipient.of(MailAddress.parse("c@batch.test"))),
                Optional.of("ENV 7"), Optional.of(DsnReturn.FULL), BodyType.EIGHT_BIT_MIME, false);
        BatchedMessage second = new BatchedMessage(Optional.empty(), List.of(EnvelopeRecipient.of(
                MailAddress.parse("j\u00f6rg@batch.test"))), Optional.empty(), Optional.empty(), BodyType.SEVEN_BIT, true);
        String text1 = "Subject: one\r\n\r\n.leading dot\r\n..two\r\n.\r\nUn caf\u00e9\r\n";
        String text2 = "Subject: two\r\n\r\nbody\r\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BatchWriter writer = new BatchWriter(out, "iems.test");
        writer.add(first, new ByteArrayInputStream(text1.getBytes(StandardCharsets.UTF_8)));
        writer.add(second, new ByteArrayInputStream(text2.getBytes(StandardCharsets.UTF_8)));
        writer.finish();
        String batch = out.toString(StandardCharsets.UTF_8);
        assertThat(batch).startsWith("EHLO iems.test\r\nMAIL FROM:<a@iems.test> BODY=8BITMIME RET=FULL ENVID=ENV+207\r\n"
                + "RCPT TO:<b@batch.test> NOTIFY=DELAY,FAILURE ORCPT=rfc822;b+2Bx+3Dy@batch.test\r\n"
                + "RCPT TO:<c@batch.test>\r\nDATA\r\nSubject: one\r\n\r\n..leading dot\r\n...two\r\n..\r\n")
                .endsWith("\r\n.\r\nQUIT\r\n");
        Collected read = read(batch);
        assertThat(read.envelopes).containsExactly(first, second);
        assertThat(read.texts).containsExactly(text1, text2);
    }

    @Test
    void malformedBatchesAreRefusedWithTheReason() {
        String ok = "MAIL FROM:<a@b.test>\r\nRCPT TO:<c@d.test>\r\nDATA\r\ntext\r\n.\r\n";
        for (String[] bad : new String[][] {
                {"RCPT TO:<c@d.test>\r\n", "RCPT without MAIL"},
                {"MAIL FROM:<a@b.test>\r\nDATA\r\n", "DATA without MAIL and RCPT"},
                {"MAIL FROM:<a@b.test>\r\nRCPT TO:<c@d.test>\r\nDATA\r\nno end\r\n", "ends within a message's text"},
                {"MAIL FROM:<a@b.test>\r\nRCPT TO:<c@d.test>\r\n", "ends within a transaction"},
                {"VRFY x\r\n", "not a batch SMTP command"},
                {"MAIL FROM:a@b.test\r\n", "malformed path"},
                {"MAIL FROM:<not an address>\r\n", "invalid address"},
                {"MAIL FROM:<a@b.test> XYZ=1\r\n", "unknown MAIL parameter"},
                {ok + "MAIL FROM:<a@b.test>\r\nRCPT TO:<c@d.test> NOTIFY=SOMETIMES\r\n", "invalid NOTIFY value"}}) {
            assertThatThrownBy(() -> read(bad[0])).as(bad[1]).isInstanceOf(BatchFormatException.class)
                    .hasMessageContaining(bad[1]);
        }
    }

    @Test
    void rsetForgetsAMessageBegunAndQuitEndsTheBatch() throws Exception {
        Collected read = read("HELO x\r\nMAIL FROM:<a@b.test>\r\nRSET\r\nNOOP\r\nMAIL FROM:<e@f.test>\r\n"
                + "RCPT TO:<c@d.test>\r\nDATA\r\nt\r\n.\r\nQUIT\r\nanything after QUIT\r\n");
        assertThat(read.envelopes).singleElement().satisfies(m -> assertThat(m.sender()).contains(MailAddress.parse(
                "e@f.test")));
    }

    @Test
    void theBatchIsFoundInItsMessageAndDecoded() throws Exception {
        String qp = "Subject: batch\r\nContent-Type: Application/Batch-SMTP;\r\n\tfoo=bar\r\n"
                + "Content-Transfer-Encoding: quoted-printable\r\n\r\nMAIL FROM:<a@b.test> BODY=3D8BITMIME\r\n"
                + "RCPT TO:<c@d.test>\r\nDATA\r\nUn caf=C3=A9 qui est tr=\r\n=C3=A8s long\r\n.\r\nQUIT\r\n";
        Collected read = new Collected();
        BatchReader.read(BatchContent.open(new ByteArrayInputStream(qp.getBytes(StandardCharsets.UTF_8))), read);
        assertThat(read.texts).containsExactly("Un caf\u00e9 qui est tr\u00e8s long\r\n");
        assertThat(read.envelopes.get(0).body()).isEqualTo(BodyType.EIGHT_BIT_MIME);
        assertThatThrownBy(() -> BatchContent.open(new ByteArrayInputStream("Content-Type: text/plain\r\n\r\nx\r\n"
                .getBytes(StandardCharsets.UTF_8)))).isInstanceOf(BatchFormatException.class)
                .hasMessageContaining("text/plain");
        assertThatThrownBy(() -> BatchContent.open(new ByteArrayInputStream("Subject: no body".getBytes(
                StandardCharsets.UTF_8)))).isInstanceOf(BatchFormatException.class);
    }

    @Test
    void anOverlongLineIsRefused() {
        assertThatThrownBy(() -> read("MAIL FROM:<" + "a".repeat(BatchReader.MAX_LINE + 1)))
                .isInstanceOf(BatchFormatException.class);
    }

}
