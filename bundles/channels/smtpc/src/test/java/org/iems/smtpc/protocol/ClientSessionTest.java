package org.iems.smtpc.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.iems.api.mail.MailAddress;
import org.iems.api.queue.DsnNotify;
import org.iems.api.queue.DsnReturn;
import org.junit.jupiter.api.Test;

/** Conversations with a scripted server: the replies are given up front, the commands recorded. */
class ClientSessionTest {

    /** A transport whose server says the given replies in order. */
    private static final class Scripted implements SmtpTransport {
        final ByteArrayOutputStream sent = new ByteArrayOutputStream();
        private final InputStream replies;

        Scripted(String replies) {
            this.replies = new ByteArrayInputStream(replies.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public InputStream input() {
            return replies;
        }

        @Override
        public OutputStream output() {
            return sent;
        }

        @Override
        public void timeout(Duration timeout) {
        }

        @Override
        public void startTls() {
            throw new UnsupportedOperationException();
        }

        String commands() {
            return sent.toString(StandardCharsets.UTF_8);
        }
    }

    private static Outgoing message(String... recipients) {
        return new Outgoing(Optional.of(MailAddress.parse("a@iems.test")), java.util.Arrays.stream(recipients)
                .map(r -> new Outgoing.Recipient(MailAddress.parse(r), Set.of(), Optional.empty())).toList(), 20, false,
                false, Optional.empty(), Optional.empty(), Map.of(),
                () -> new ByteArrayInputStream("Subject: s\r\n\r\nbody\r\n".getBytes(StandardCharsets.UTF_8)));
    }

    private static ClientSession session(Scripted transport) throws Exception {
        ClientSession session = new ClientSession(transport, ClientTimeouts.RFC_5321);
        session.greeting();
        session.hello("iems.test");
        transport.sent.reset();
        return session;
    }

    private static String ehlo(String... keywords) {
        StringBuilder reply = new StringBuilder("220 mx ESMTP\r\n250-mx\r\n");
        for (String k : keywords) {
            reply.append("250-").append(k).append("\r\n");
        }
        return reply.append("250 HELP\r\n").toString();
    }

    @Test
    void aPipelinedTransactionGoesInOneWriteAndEachRecipientGetsItsReply() throws Exception {
        Scripted t = new Scripted(ehlo("PIPELINING") + "250 ok\r\n250 ok\r\n550 5.1.1 no\r\n354 go\r\n250 2.0.0 queued\r\n");
        ClientSession s = session(t);
        TransactionResult result = s.send(message("b@x.test", "c@x.test"));
        assertThat(t.commands()).isEqualTo("MAIL FROM:<a@iems.test>\r\nRCPT TO:<b@x.test>\r\nRCPT TO:<c@x.test>\r\n"
                + "DATA\r\nSubject: s\r\n\r\nbody\r\n.\r\n");
        assertThat(result.accepted()).containsExactly(true, false);
        assertThat(result.replies()).extracting(Reply::toString).containsExactly("250 2.0.0 queued", "550 5.1.1 no");
    }

    @Test
    void aRefusedSenderFailsEveryRecipientWithItsReplyAndTheSessionIsReset() throws Exception {
        Scripted t = new Scripted(ehlo("PIPELINING") + "553 5.7.1 sender refused\r\n503 5.5.1 need MAIL\r\n"
                + "554 5.5.1 no valid recipients\r\n250 reset\r\n");
        TransactionResult result = session(t).send(message("b@x.test"));
        assertThat(result.replies()).extracting(Reply::toString).containsExactly("553 5.7.1 sender refused");
        assertThat(result.accepted()).containsExactly(false);
        assertThat(t.commands()).endsWith("DATA\r\nRSET\r\n");
    }

    @Test
    void aServerThatSays354AfterEveryRecipientWasRefusedGetsAnEmptyMessageAndRset() throws Exception {
        Scripted t = new Scripted(ehlo("PIPELINING") + "250 ok\r\n550 no\r\n354 go\r\n554 no recipients\r\n250 reset\r\n");
        TransactionResult result = session(t).send(message("b@x.test"));
        assertThat(result.accepted()).containsExactly(false);
        assertThat(result.replies()).extracting(Reply::toString).containsExactly("550 no");
        assertThat(t.commands()).endsWith("DATA\r\n.\r\nRSET\r\n");
    }

    @Test
    void withoutPipeliningEachCommandWaitsForItsReplyAndNoDataGoesWhenAllRecipientsAreRefused() throws Exception {
        Scripted t = new Scripted(ehlo() + "250 ok\r\n550 no\r\n250 reset\r\n");
        TransactionResult result = session(t).send(message("b@x.test"));
        assertThat(result.accepted()).containsExactly(false);
        assertThat(t.commands()).isEqualTo("MAIL FROM:<a@iems.test>\r\nRCPT TO:<b@x.test>\r\nRSET\r\n");
    }

    @Test
    void dsnParametersArePassedOnOnlyToAServerThatOffersDsn() throws Exception {
        Outgoing dsn = new Outgoing(Optional.empty(), List.of(new Outgoing.Recipient(MailAddress.parse("b@x.test"),
                Set.of(DsnNotify.FAILURE, DsnNotify.DELAY), Optional.of("rfc822;b+1=x@x.test"))), 20, true, false,
                Optional.of("id 1"), Optional.of(DsnReturn.HEADERS), Map.of(),
                () -> new ByteArrayInputStream("S: s\r\n\r\nb\r\n".getBytes(StandardCharsets.UTF_8)));
        Scripted with = new Scripted(ehlo("DSN", "8BITMIME", "SIZE 0") + "250 ok\r\n250 ok\r\n354 go\r\n250 ok\r\n");
        session(with).send(dsn);
        assertThat(with.commands()).startsWith("MAIL FROM:<> SIZE=20 BODY=8BITMIME RET=HDRS ENVID=id+201\r\n"
                + "RCPT TO:<b@x.test> NOTIFY=DELAY,FAILURE ORCPT=rfc822;b+2B1+3Dx@x.test\r\n");
        Scripted without = new Scripted(ehlo() + "250 ok\r\n250 ok\r\n354 go\r\n250 ok\r\n");
        session(without).send(dsn);
        assertThat(without.commands()).startsWith("MAIL FROM:<>\r\nRCPT TO:<b@x.test>\r\nDATA\r\n");
    }

    @Test
    void anOldServerThatRefusesEhloIsGreetedWithHelo() throws Exception {
        Scripted t = new Scripted("220 old\r\n502 what?\r\n250 hello\r\n");
        ClientSession s = new ClientSession(t, ClientTimeouts.RFC_5321);
        s.greeting();
        assertThat(s.hello("iems.test").code()).isEqualTo(250);
        assertThat(t.commands()).isEqualTo("EHLO iems.test\r\nHELO iems.test\r\n");
        assertThat(s.capabilities().has("PIPELINING")).isFalse();
    }

    @Test
    void authLoginAnswersBothChallenges() throws Exception {
        Scripted t = new Scripted(ehlo("AUTH LOGIN") + "334 VXNlcm5hbWU6\r\n334 UGFzc3dvcmQ6\r\n235 ok\r\n");
        assertThat(session(t).authenticate("u", "p").code()).isEqualTo(235);
        assertThat(t.commands()).isEqualTo("AUTH LOGIN\r\ndQ==\r\ncA==\r\n");
    }
}
