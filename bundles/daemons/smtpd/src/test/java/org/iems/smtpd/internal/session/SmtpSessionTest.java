package org.iems.smtpd.internal.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.iems.api.mail.DomainName;
import org.iems.api.mail.MailAddress;
import org.iems.smtpd.internal.session.Response.Next;
import org.iems.smtpd.internal.session.SessionSettings.InvalidLocalUser;
import org.iems.smtpd.protocol.CommandParser;
import org.iems.smtpd.protocol.DataReader.Outcome;
import org.iems.smtpd.protocol.SmtpReply;
import org.iems.smtpd.protocol.RcptParameters;
import org.iems.smtpd.protocol.SmtpSyntaxException;
import org.iems.testsupport.MemoryDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The SMTP session's rules, driven by command lines as a client sends them: no socket, no database. */
class SmtpSessionTest {

    private static final MemoryDirectory directory = new MemoryDirectory("ima.com").domain("jade.net")
            .domainAlias("alias.example", "ima.com").account("bart@ima.com", "eatmyshorts")
            .account("lisa@jade.net", "sax").account("postmaster@ima.com", "postmaster-secret")
            .alias("kids@ima.com", "bart@ima.com", "lisa@jade.net");
    private final AtomicInteger ids = new AtomicInteger();
    private final List<DomainName> started = new ArrayList<>();

    /** The queue as ETRN sees it: three recipients wait for remote.example, none elsewhere. */
    private int startQueue(DomainName domain) {
        started.add(domain);
        return domain.equals(DomainName.parse("remote.example")) ? 3 : 0;
    }

    private static SessionSettings settings(InvalidLocalUser invalid, boolean authRequired, boolean tls) {
        return new SessionSettings("mx.ima.com", DomainName.parse("ima.com"), 10_000, 0, 3, invalid, authRequired, tls,
                Set.of(), true);
    }

    private SmtpSession session(SessionSettings settings, boolean trusted) {
        return new SmtpSession(settings, new ClientInfo("192.0.2.10", null, trusted, false, trusted, false), directory,
                directory, directory::maySendAs, () -> "Q" + ids.incrementAndGet(), this::startQueue);
    }

    private SmtpSession session() {
        return session(settings(InvalidLocalUser.BOUNCE, false, true), false);
    }

    /** A session under TLS 1.3 in which bart has said EHLO and authenticated. */
    private static SmtpSession bartAuthenticated(SmtpSession s) {
        s.tlsStarted("TLSv1.3");
        send(s, "EHLO c");
        send(s, "AUTH PLAIN " + plain("bart", "eatmyshorts"));
        return s;
    }

    /** Sends one command line the way the transport would: parse, then handle. */
    private static Response send(SmtpSession s, String line) {
        try {
            return s.handle(CommandParser.parse(line));
        } catch (SmtpSyntaxException e) {
            return new Response(e.reply(), Next.COMMAND, 0, false);
        }
    }

    private static int code(SmtpSession s, String line) {
        return send(s, line).reply().code();
    }

    private static String plain(String user, String password) {
        return Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    // ----- greeting and EHLO

    @Test
    void greetsAndAnnouncesItsExtensions() {
        SmtpSession s = session();
        assertThat(s.greeting().toWire()).isEqualTo("220 mx.ima.com ESMTP IEMS\r\n");
        SmtpReply ehlo = send(s, "EHLO client.example").reply();
        assertThat(ehlo.code()).isEqualTo(250);
        assertThat(ehlo.lines()).containsExactly("mx.ima.com", "PIPELINING", "SIZE 10000", "8BITMIME",
                "ENHANCEDSTATUSCODES", "STARTTLS", "SMTPUTF8", "DSN", "CHUNKING");
        assertThat(ehlo.toWire()).startsWith("250-mx.ima.com\r\n250-PIPELINING\r\n").endsWith("250 CHUNKING\r\n");
    }

    @Test
    void authIsOfferedOnlyUnderTlsOrToTrustedClients() {
        SmtpSession plainText = session();
        send(plainText, "EHLO c");
        assertThat(code(plainText, "AUTH PLAIN " + plain("bart@ima.com", "eatmyshorts"))).isEqualTo(538);

        SmtpSession underTls = session();
        underTls.tlsStarted("TLSv1.3");
        assertThat(send(underTls, "EHLO c").reply().lines()).contains("AUTH PLAIN LOGIN").doesNotContain("STARTTLS");

        SmtpSession trusted = session(settings(InvalidLocalUser.BOUNCE, false, true), true);
        assertThat(send(trusted, "EHLO c").reply().lines()).contains("AUTH PLAIN LOGIN");
    }

    @Test
    void heloGetsAPlainReply() {
        assertThat(send(session(), "HELO c").reply().toWire()).isEqualTo("250 mx.ima.com\r\n");
    }

    // ----- sequence

    @Test
    void commandsOutOfOrderGet503() {
        SmtpSession s = session();
        assertThat(code(s, "MAIL FROM:<a@b.example>")).isEqualTo(503);
        send(s, "EHLO c");
        assertThat(code(s, "RCPT TO:<bart@ima.com>")).isEqualTo(503);
        assertThat(code(s, "DATA")).isEqualTo(503);
        assertThat(code(s, "MAIL FROM:<a@b.example>")).isEqualTo(250);
        assertThat(code(s, "MAIL FROM:<a@b.example>")).isEqualTo(503);
        assertThat(code(s, "DATA")).isEqualTo(554);
        assertThat(code(s, "RSET")).isEqualTo(250);
        assertThat(code(s, "RCPT TO:<bart@ima.com>")).isEqualTo(503);
        assertThat(send(s, "QUIT").next()).isEqualTo(Next.CLOSE);
    }

    // ----- recipients, relay

    @Test
    void acceptsLocalAccountsAliasesDomainAliasesAndPostmaster() {
        SmtpSession s = session(settings(InvalidLocalUser.BOUNCE, false, true), false);
        send(s, "EHLO c");
        send(s, "MAIL FROM:<someone@remote.example>");
        assertThat(code(s, "RCPT TO:<Bart@IMA.com>")).isEqualTo(250);
        assertThat(code(s, "RCPT TO:<kids@ima.com>")).isEqualTo(250);
        assertThat(code(s, "RCPT TO:<bart@alias.example>")).isEqualTo(250);
        assertThat(code(s, "RCPT TO:<Postmaster>")).isEqualTo(452); // max.recipients = 3
        assertThat(s.transaction().recipients()).extracting(r -> r.address().toString())
                .containsExactly("Bart@ima.com", "kids@ima.com", "bart@alias.example");
        SmtpSession t = session();
        send(t, "EHLO c");
        send(t, "MAIL FROM:<>");
        assertThat(send(t, "RCPT TO:<Postmaster>").reply().toWire()).isEqualTo("250 2.1.5 Recipient OK\r\n");
        assertThat(t.transaction().recipients().get(0).address()).isEqualTo(MailAddress.parse("postmaster@ima.com"));
    }

    @Test
    void unknownLocalUsersFollowThePolicy() {
        SmtpSession bounce = session();
        send(bounce, "EHLO c");
        send(bounce, "MAIL FROM:<a@remote.example>");
        assertThat(send(bounce, "RCPT TO:<nobody@ima.com>").reply().toWire())
                .isEqualTo("550 5.1.1 <nobody@ima.com>: Recipient address rejected: User unknown\r\n");

        SmtpSession delete = session(settings(InvalidLocalUser.DELETE, false, true), false);
        send(delete, "EHLO c");
        send(delete, "MAIL FROM:<a@remote.example>");
        assertThat(code(delete, "RCPT TO:<nobody@ima.com>")).isEqualTo(250);
        assertThat(delete.transaction().recipients().get(0).discard()).isTrue();

        SmtpSession postmaster = session(settings(InvalidLocalUser.POSTMASTER, false, true), false);
        send(postmaster, "EHLO c");
        send(postmaster, "MAIL FROM:<a@remote.example>");
        assertThat(code(postmaster, "RCPT TO:<nobody@jade.net>")).isEqualTo(250);
        assertThat(postmaster.transaction().recipients().get(0).address()).isEqualTo(MailAddress.parse("postmaster@ima.com"));
    }

    /** Classic open-relay tricks: none may put a non-local recipient into the transaction. */
    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "victim@remote.example",
        "victim@REMOTE.Example",
        "victim%remote.example@ima.com",
        "remote.example!victim@ima.com",
        "@ima.com:victim@remote.example",
        "@ima.com,@jade.net:victim@remote.example",
        "\"victim@remote.example\"@ima.com",
        "\"victim%remote.example\"@ima.com",
        "victim@[192.0.2.1]",
        "victim@[IPv6:::1]",
        "victim@[127.0.0.1]",
        "victim@remote.example.",
        "victim@ima.com.remote.example",
        "victim@remote.example@ima.com",
        "victim@ima.com@remote.example",
        "victim%remote.example",
        "remote.example!victim",
        "postmaster@remote.example",
        "victim@localhost",
        "victim@remote.example%ima.com",
        "victim\\@remote.example@ima.com",
        "\"victim@remote.example\"",
        " victim@remote.example",
        "victim@remote.example ",
        "victim@ima.com>victim@remote.example",
        "victim@xn--ima-com.example",
    })
    void neverRelaysForAnUnauthenticatedClient(String trick) {
        SmtpSession s = session();
        send(s, "EHLO attacker.example");
        send(s, "MAIL FROM:<spammer@remote.example>");
        Response r = send(s, "RCPT TO:<" + trick + ">");
        List<String> nonLocal = new ArrayList<>();
        for (Transaction.Recipient recipient : s.transaction().recipients()) {
            if (!directory.resolve(recipient.address()).isLocalDomain()) {
                nonLocal.add(recipient.address().toString());
            }
        }
        assertThat(nonLocal).as(trick + " -> " + r.reply().toWire()).isEmpty();
        assertThat(r.reply().positive()).as(trick + " -> " + r.reply().toWire()).isFalse();
    }

    @Test
    void relaysForAuthenticatedUsersAndTrustedNetworks() {
        SmtpSession tls = session();
        tls.tlsStarted("TLSv1.3");
        send(tls, "EHLO c");
        assertThat(send(tls, "AUTH PLAIN " + plain("bart", "eatmyshorts")).reply().toWire())
                .isEqualTo("235 2.7.0 Authentication successful\r\n");
        send(tls, "MAIL FROM:<bart@ima.com>");
        assertThat(code(tls, "RCPT TO:<friend@remote.example>")).isEqualTo(250);

        SmtpSession trusted = session(settings(InvalidLocalUser.BOUNCE, false, true), true);
        send(trusted, "EHLO c");
        send(trusted, "MAIL FROM:<app@ima.com>");
        assertThat(code(trusted, "RCPT TO:<friend@remote.example>")).isEqualTo(250);
    }

    @Test
    void anAuthenticatedUserSendsOnlyAsAnAddressItOwns() {
        SmtpSession s = session();
        bartAuthenticated(s);
        assertThat(send(s, "MAIL FROM:<ceo@bank.example>").reply().toWire())
                .isEqualTo("553 5.7.1 <ceo@bank.example>: Sender address rejected: not owned by user bart@ima.com\r\n");
        assertThat(code(s, "MAIL FROM:<lisa@jade.net>")).isEqualTo(553);
        assertThat(code(s, "MAIL FROM:<kids@ima.com>")).as("an alias that delivers to bart").isEqualTo(250);
        send(s, "RSET");
        assertThat(code(s, "MAIL FROM:<bart@alias.example>")).as("through a domain alias").isEqualTo(250);
        send(s, "RSET");
        assertThat(code(s, "MAIL FROM:<>")).as("the null sender").isEqualTo(250);

        SmtpSession unchecked = new SmtpSession(new SessionSettings("mx.ima.com", DomainName.parse("ima.com"), 10_000, 0,
                3, InvalidLocalUser.BOUNCE, false, true, Set.of(), false), new ClientInfo("192.0.2.10", null, false,
                true, false, false), directory, directory, directory::maySendAs, () -> "Q0", this::startQueue);
        bartAuthenticated(unchecked);
        assertThat(code(unchecked, "MAIL FROM:<ceo@bank.example>")).as("sender.login.check = false").isEqualTo(250);
    }

    @Test
    void strangersGetNoSuccessOrDelayNotices() {
        SmtpSession stranger = session();
        send(stranger, "EHLO c");
        send(stranger, "MAIL FROM:<victim@remote.example>");
        send(stranger, "RCPT TO:<bart@ima.com> NOTIFY=SUCCESS");
        send(stranger, "RCPT TO:<lisa@jade.net> NOTIFY=SUCCESS,DELAY,FAILURE");
        send(stranger, "RCPT TO:<kids@ima.com>");
        assertThat(stranger.transaction().recipients()).extracting(r -> r.parameters().notifyOn()).containsExactly(
                Set.of(RcptParameters.Notify.NEVER), Set.of(RcptParameters.Notify.FAILURE),
                Set.of(RcptParameters.Notify.FAILURE));

        SmtpSession user = session();
        bartAuthenticated(user);
        send(user, "MAIL FROM:<bart@ima.com>");
        send(user, "RCPT TO:<friend@remote.example> NOTIFY=SUCCESS,DELAY");
        assertThat(user.transaction().recipients().get(0).parameters().notifyOn())
                .containsExactlyInAnyOrder(RcptParameters.Notify.SUCCESS, RcptParameters.Notify.DELAY);

        SmtpSession trusted = session(settings(InvalidLocalUser.BOUNCE, false, true), true);
        send(trusted, "EHLO c");
        send(trusted, "MAIL FROM:<app@ima.com>");
        send(trusted, "RCPT TO:<bart@ima.com> NOTIFY=SUCCESS");
        assertThat(trusted.transaction().recipients().get(0).parameters().notifyOn())
                .containsExactly(RcptParameters.Notify.SUCCESS);
    }

    @Test
    void onlyUnknownLocalRecipientsCountAsHarvesting() {
        SmtpSession s = session();
        send(s, "EHLO c");
        send(s, "MAIL FROM:<a@remote.example>");
        assertThat(send(s, "RCPT TO:<nobody@ima.com>").harvesting()).isTrue();
        assertThat(send(s, "RCPT TO:<bart@ima.com>").harvesting()).isFalse();
        assertThat(send(s, "RCPT TO:<friend@remote.example>").harvesting()).as("relay refused").isFalse();
    }

    // ----- AUTH

    @Test
    void authLoginTakesTwoSteps() {
        SmtpSession s = session();
        s.tlsStarted("TLSv1.2");
        send(s, "EHLO c");
        Response user = send(s, "AUTH LOGIN");
        assertThat(user.reply().toWire()).isEqualTo("334 VXNlcm5hbWU6\r\n");
        assertThat(user.next()).isEqualTo(Next.AUTH_LINE);
        assertThat(s.authLine(b64("lisa@jade.net")).reply().toWire()).isEqualTo("334 UGFzc3dvcmQ6\r\n");
        assertThat(s.authLine(b64("sax")).reply().code()).isEqualTo(235);
        assertThat(s.authenticatedUser()).contains(MailAddress.parse("lisa@jade.net"));
        assertThat(code(s, "AUTH PLAIN " + plain("lisa@jade.net", "sax"))).isEqualTo(503);
    }

    @Test
    void authFailuresAndCancellation() {
        SmtpSession s = session();
        s.tlsStarted("TLSv1.3");
        send(s, "EHLO c");
        assertThat(send(s, "AUTH PLAIN " + plain("bart", "wrong")).reply().toWire())
                .isEqualTo("535 5.7.8 Authentication credentials invalid\r\n");
        assertThat(code(s, "AUTH PLAIN not-base64!")).isEqualTo(501);
        assertThat(code(s, "AUTH CRAM-MD5")).isEqualTo(504);
        assertThat(send(s, "AUTH PLAIN").reply().toWire()).isEqualTo("334 \r\n");
        assertThat(s.authLine("*").reply().code()).isEqualTo(501);
        send(s, "AUTH PLAIN");
        assertThat(s.authLine(plain("bart", "eatmyshorts")).reply().code()).isEqualTo(235);
    }

    @Test
    void submissionNeedsAuthBeforeMail() {
        SmtpSession s = session(settings(InvalidLocalUser.BOUNCE, true, true), false);
        s.tlsStarted("TLSv1.3");
        send(s, "EHLO c");
        assertThat(send(s, "MAIL FROM:<bart@ima.com>").reply().toWire()).isEqualTo("530 5.7.0 Authentication required\r\n");
        send(s, "AUTH PLAIN " + plain("bart", "eatmyshorts"));
        assertThat(code(s, "MAIL FROM:<bart@ima.com>")).isEqualTo(250);
    }

    // ----- STARTTLS

    @Test
    void startTlsForgetsEverythingBefore() {
        SmtpSession s = session();
        send(s, "EHLO c");
        send(s, "MAIL FROM:<a@remote.example>");
        Response r = send(s, "STARTTLS");
        assertThat(r.reply().toWire()).isEqualTo("220 2.0.0 Ready to start TLS\r\n");
        assertThat(r.next()).isEqualTo(Next.START_TLS);
        s.tlsStarted("TLSv1.3");
        assertThat(s.transaction()).isNull();
        assertThat(code(s, "MAIL FROM:<a@remote.example>")).isEqualTo(503);
        assertThat(code(s, "STARTTLS")).isEqualTo(503);
        SmtpSession noTls = session(settings(InvalidLocalUser.BOUNCE, false, false), false);
        send(noTls, "EHLO c");
        assertThat(code(noTls, "STARTTLS")).isEqualTo(454);
    }

    // ----- limits and data

    @Test
    void declaredSizeOverTheLimitIsRefusedAtMail() {
        SmtpSession s = session();
        send(s, "EHLO c");
        assertThat(send(s, "MAIL FROM:<a@remote.example> SIZE=10001").reply().toWire())
                .startsWith("552 5.3.4");
        assertThat(code(s, "MAIL FROM:<a@remote.example> SIZE=10000")).isEqualTo(250);
    }

    @Test
    void nonAsciiAddressesNeedSmtpUtf8() {
        SmtpSession s = session();
        send(s, "EHLO c");
        assertThat(send(s, "MAIL FROM:<jörg@remote.example>").reply().toWire()).startsWith("553 5.6.7");
        assertThat(code(s, "MAIL FROM:<jörg@remote.example> SMTPUTF8")).isEqualTo(250);
    }

    @Test
    void dataIsCommittedAndAcknowledgedWithTheQueueId() {
        SmtpSession s = session();
        send(s, "EHLO c");
        send(s, "MAIL FROM:<a@remote.example>");
        send(s, "RCPT TO:<bart@ima.com>");
        Response data = send(s, "DATA");
        assertThat(data.reply().toWire()).isEqualTo("354 End data with <CR><LF>.<CR><LF>\r\n");
        assertThat(data.next()).isEqualTo(Next.READ_DATA);
        List<Transaction> committed = new ArrayList<>();
        assertThat(s.endOfData(Outcome.OK, 120, committed::add).toWire()).isEqualTo("250 2.0.0 OK queued as Q1\r\n");
        assertThat(committed).singleElement().satisfies(t -> assertThat(t.recipients()).hasSize(1));
        assertThat(s.transaction()).isNull();
    }

    @Test
    void refusedDataCommitsNothing() {
        SmtpSession s = session();
        send(s, "EHLO c");
        for (Outcome outcome : List.of(Outcome.TOO_BIG, Outcome.BARE_LINE_ENDING, Outcome.LINE_TOO_LONG)) {
            send(s, "MAIL FROM:<a@remote.example>");
            send(s, "RCPT TO:<bart@ima.com>");
            send(s, "DATA");
            assertThat(s.endOfData(outcome, 50, t -> {
                throw new AssertionError("committed");
            }).code()).isEqualTo(outcome.reply().code());
        }
        send(s, "MAIL FROM:<a@remote.example>");
        send(s, "RCPT TO:<bart@ima.com>");
        send(s, "DATA");
        assertThat(s.endOfData(Outcome.OK, 50, t -> {
            throw new java.io.IOException("disk full");
        }).toWire()).startsWith("451 4.3.0");
    }

    @Test
    void etrnStartsTheQueueOfADomainForAnAllowedClient() {
        SmtpSession s = session(settings(InvalidLocalUser.BOUNCE, false, true), true);
        assertThat(send(s, "ETRN remote.example").reply().toWire()).startsWith("503 5.5.1");
        assertThat(send(s, "EHLO c").reply().toWire()).endsWith("250-CHUNKING\r\n250 ETRN\r\n");
        assertThat(send(s, "ETRN remote.example").reply().toWire()).isEqualTo("253 2.0.0 OK, 3 pending recipients for node"
                + " remote.example started\r\n");
        assertThat(send(s, "ETRN @Empty.Example").reply().toWire()).isEqualTo("251 2.0.0 OK, no messages waiting for node"
                + " empty.example\r\n");
        assertThat(started).containsExactly(DomainName.parse("remote.example"), DomainName.parse("empty.example"));
        assertThat(code(s, "ETRN #outbound")).isEqualTo(458);
        assertThat(code(s, "ETRN not..a.domain")).isEqualTo(501);
        assertThat(code(s, "ETRN")).isEqualTo(501);
        send(s, "MAIL FROM:<a@remote.example>");
        assertThat(code(s, "ETRN remote.example")).as("not within a transaction").isEqualTo(503);
        assertThat(started).hasSize(2);
    }

    @Test
    void etrnIsRefusedToOtherClientsAndForDomainsNotListed() {
        SmtpSession stranger = session(settings(InvalidLocalUser.BOUNCE, false, true), false);
        assertThat(send(stranger, "EHLO c").reply().toWire()).doesNotContain("ETRN");
        assertThat(send(stranger, "ETRN remote.example").reply().toWire()).startsWith("459 4.7.1");
        SmtpSession limited = session(new SessionSettings("mx.ima.com", DomainName.parse("ima.com"), 10_000, 0, 3,
                InvalidLocalUser.BOUNCE, false, true, Set.of(DomainName.parse("jade.net")), true), true);
        send(limited, "EHLO c");
        assertThat(code(limited, "ETRN remote.example")).isEqualTo(459);
        assertThat(code(limited, "ETRN jade.net")).isEqualTo(251);
        assertThat(started).containsExactly(DomainName.parse("jade.net"));
    }

    @Test
    void messagesUnderTheMinimumSizeAreRefused() {
        SmtpSession s = session(new SessionSettings("mx.ima.com", DomainName.parse("ima.com"), 10_000, 100, 10,
                InvalidLocalUser.BOUNCE, false, true, Set.of(), true), false);
        send(s, "EHLO c");
        send(s, "MAIL FROM:<a@remote.example>");
        send(s, "RCPT TO:<bart@ima.com>");
        send(s, "DATA");
        assertThat(s.endOfData(Outcome.OK, 99, t -> { }).code()).isEqualTo(554);
    }

    @Test
    void chunkingAcceptsOnlyBdatUntilTheLastChunk() {
        SmtpSession s = session();
        send(s, "EHLO c");
        send(s, "MAIL FROM:<a@remote.example>");
        send(s, "RCPT TO:<bart@ima.com>");
        Response first = send(s, "BDAT 100");
        assertThat(first.next()).isEqualTo(Next.READ_CHUNK);
        assertThat(first.chunkSize()).isEqualTo(100);
        assertThat(s.endOfChunk(100, false, Outcome.OK, t -> { }).toWire()).isEqualTo("250 2.0.0 100 octets received\r\n");
        assertThat(code(s, "DATA")).isEqualTo(503);
        send(s, "BDAT 20 LAST");
        List<Transaction> committed = new ArrayList<>();
        assertThat(s.endOfChunk(20, true, Outcome.OK, committed::add).code()).isEqualTo(250);
        assertThat(committed).hasSize(1);
        assertThat(code(s, "BDAT 10")).isEqualTo(503);
    }

    @Test
    void receivedHeaderNamesClientProtocolTlsAndUser() {
        SmtpSession s = session();
        s.tlsStarted("TLSv1.3");
        send(s, "EHLO client.example");
        send(s, "AUTH PLAIN " + plain("bart", "eatmyshorts"));
        send(s, "MAIL FROM:<bart@ima.com>");
        send(s, "RCPT TO:<friend@remote.example>");
        String header = s.receivedHeader(ZonedDateTime.of(2026, 11, 23, 1, 2, 3, 0, ZoneOffset.UTC));
        assertThat(header).isEqualTo("Received: from client.example ([192.0.2.10])\r\n"
                + "\tby mx.ima.com (IEMS) with ESMTPSA id Q1\r\n"
                + "\t(using TLSv1.3; authenticated as bart@ima.com)\r\n"
                + "\tfor <friend@remote.example>; Mon, 23 Nov 2026 01:02:03 +0000\r\n");
    }
}
