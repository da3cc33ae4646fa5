package org.iems.smtpd.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.iems.api.mail.MailAddress;
import org.iems.api.mail.Xtext;
import org.iems.smtpd.protocol.RcptParameters.Notify;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CommandParserTest {

    private static SmtpCommand parse(String line) throws SmtpSyntaxException {
        return CommandParser.parse(line);
    }

    private static int replyCode(String line) {
        try {
            CommandParser.parse(line);
            throw new AssertionError("parsed: " + line);
        } catch (SmtpSyntaxException e) {
            return e.reply().code();
        }
    }

    @Test
    void rfc5321ScenarioD1Commands() throws SmtpSyntaxException {
        // the client side of RFC 5321 appendix D.1
        assertThat(parse("EHLO bar.com")).isEqualTo(new SmtpCommand.Hello("bar.com", true));
        assertThat(parse("MAIL FROM:<Smith@bar.com>")).isEqualTo(
                new SmtpCommand.Mail(Optional.of(MailAddress.parse("Smith@bar.com")), MailParameters.NONE));
        assertThat(parse("RCPT TO:<Jones@foo.com>")).isEqualTo(
                new SmtpCommand.Rcpt(Optional.of(MailAddress.parse("Jones@foo.com")), RcptParameters.NONE));
        assertThat(parse("DATA")).isEqualTo(new SmtpCommand.Data());
        assertThat(parse("QUIT")).isEqualTo(new SmtpCommand.Quit());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "helo client.example   | client.example | false",
        "EHLO [192.0.2.7]      | [192.0.2.7]    | true",
        "Ehlo  spaced.example  | spaced.example | true",
    })
    void helloTakesTheClientName(String line, String name, boolean extended) throws SmtpSyntaxException {
        assertThat(parse(line)).isEqualTo(new SmtpCommand.Hello(name, extended));
    }

    @Test
    void nullReversePathIsEmpty() throws SmtpSyntaxException {
        assertThat(((SmtpCommand.Mail) parse("MAIL FROM:<>")).sender()).isEmpty();
    }

    @Test
    void barePostmasterIsAccepted() throws SmtpSyntaxException {
        assertThat(((SmtpCommand.Rcpt) parse("RCPT TO:<Postmaster>")).recipient()).isEmpty();
        assertThat(((SmtpCommand.Rcpt) parse("RCPT TO:<postmaster@ima.com>")).recipient())
                .contains(MailAddress.parse("postmaster@ima.com"));
    }

    @Test
    void sourceRoutesAreDroppedLeavingTheMailbox() throws SmtpSyntaxException {
        SmtpCommand.Rcpt rcpt = (SmtpCommand.Rcpt) parse("RCPT TO:<@hosta.int,@jkl.org:userc@d.bar.org>");
        assertThat(rcpt.recipient()).contains(MailAddress.parse("userc@d.bar.org"));
    }

    @Test
    void quotedLocalPartsMayHoldSpacesAndBrackets() throws SmtpSyntaxException {
        SmtpCommand.Mail mail = (SmtpCommand.Mail) parse("MAIL FROM:<\"john > doe\"@example.org> SIZE=10");
        assertThat(mail.sender().orElseThrow().localPart()).isEqualTo("john > doe");
        assertThat(mail.parameters().size()).isEqualTo(OptionalLong.of(10));
    }

    @Test
    void toleratesASpaceAfterTheColon() throws SmtpSyntaxException {
        assertThat(((SmtpCommand.Mail) parse("mail from: <a@b.example>")).sender()).contains(MailAddress.parse("a@b.example"));
    }

    @Test
    void mailParametersOfSizeBodyUtf8AndDsn() throws SmtpSyntaxException {
        SmtpCommand.Mail mail = (SmtpCommand.Mail) parse(
                "MAIL FROM:<jörg@example.org> SIZE=5000 BODY=8BITMIME SMTPUTF8 RET=HDRS ENVID=QQ314159+2B1 AUTH=<>");
        MailParameters p = mail.parameters();
        assertThat(p.size()).isEqualTo(OptionalLong.of(5000));
        assertThat(p.body()).isEqualTo(MailParameters.Body.EIGHT_BIT_MIME);
        assertThat(p.smtpUtf8()).isTrue();
        assertThat(p.ret()).contains(MailParameters.Ret.HDRS);
        assertThat(p.envelopeId()).contains("QQ314159+1");
        assertThat(p.auth()).contains("<>");
    }

    @Test
    void rcptParametersOfDsn() throws SmtpSyntaxException {
        // RFC 3461 section 4.2 and 4.4 examples
        SmtpCommand.Rcpt rcpt = (SmtpCommand.Rcpt) parse(
                "RCPT TO:<Jones@foo.com> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;Jones+40foo.com");
        assertThat(rcpt.parameters().notifyOn()).isEqualTo(Set.of(Notify.SUCCESS, Notify.FAILURE));
        assertThat(rcpt.parameters().originalRecipient()).contains("rfc822;Jones@foo.com");
        assertThat(((SmtpCommand.Rcpt) parse("RCPT TO:<a@b.example> notify=never")).parameters().notifyOn())
                .isEqualTo(Set.of(Notify.NEVER));
    }

    @Test
    void bdatAuthEtrnAndTheRest() throws SmtpSyntaxException {
        assertThat(parse("BDAT 1000")).isEqualTo(new SmtpCommand.Bdat(1000, false));
        assertThat(parse("BDAT 0 LAST")).isEqualTo(new SmtpCommand.Bdat(0, true));
        assertThat(parse("AUTH plain dGVzdAB0ZXN0AHRlc3Q=")).isEqualTo(
                new SmtpCommand.Auth("PLAIN", Optional.of("dGVzdAB0ZXN0AHRlc3Q=")));
        assertThat(parse("AUTH LOGIN")).isEqualTo(new SmtpCommand.Auth("LOGIN", Optional.empty()));
        assertThat(parse("ETRN @ima.com")).isEqualTo(new SmtpCommand.Etrn("@ima.com"));
        assertThat(parse("STARTTLS")).isEqualTo(new SmtpCommand.StartTls());
        assertThat(parse("RSET")).isEqualTo(new SmtpCommand.Rset());
        assertThat(parse("NOOP anything")).isEqualTo(new SmtpCommand.Noop());
        assertThat(parse("VRFY bart")).isEqualTo(new SmtpCommand.Vrfy("bart"));
        assertThat(parse("EXPN staff")).isEqualTo(new SmtpCommand.Expn("staff"));
        assertThat(parse("HELP")).isEqualTo(new SmtpCommand.Help(""));
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @ValueSource(strings = {"", "XYZZY", "MAILFROM:<a@b.example>", "GET / HTTP/1.1", "\u0000"})
    void unknownCommandsGet500(String line) {
        assertThat(replyCode(line)).isEqualTo(500);
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @ValueSource(strings = {"EHLO", "HELO ", "EHLO two names", "MAIL", "MAIL TO:<a@b.example>", "MAIL FROM:a@b.example",
        "MAIL FROM:<a@b.example", "MAIL FROM:<a@@b.example>", "RCPT TO:<>", "RCPT TO:<bart>", "RCPT TO:<a@b.example.>",
        "MAIL FROM:<a@b.example>SIZE=1", "MAIL FROM:<a@b.example> SIZE=abc", "MAIL FROM:<a@b.example> SIZE=",
        "MAIL FROM:<a@b.example> SIZE=99999999999999999999", "MAIL FROM:<a@b.example> BODY=9BIT",
        "MAIL FROM:<a@b.example> SIZE=1 SIZE=2", "MAIL FROM:<a@b.example> RET=ALL", "MAIL FROM:<a@b.example> ENVID=a=b",
        "MAIL FROM:<a@b.example> ENVID=+4", "RCPT TO:<a@b.example> NOTIFY=NEVER,SUCCESS", "RCPT TO:<a@b.example> NOTIFY=SOMETIMES",
        "RCPT TO:<a@b.example> ORCPT=nosemicolon", "DATA now", "QUIT please", "BDAT", "BDAT -1", "BDAT 10 FIRST",
        "AUTH", "AUTH PLAIN a b", "VRFY", "ETRN", "RCPT TO:<@route-without-colon>", "MAIL FROM:<a@b.example> SMTPUTF8=yes"})
    void syntaxErrorsGet501(String line) {
        assertThat(replyCode(line)).isEqualTo(501);
    }

    @Test
    void unknownParametersGet555() {
        assertThat(replyCode("MAIL FROM:<a@b.example> XFORWARD=1")).isEqualTo(555);
        assertThat(replyCode("RCPT TO:<a@b.example> SIZE=1")).isEqualTo(555);
    }

    @Test
    void syntaxErrorsCarryEnhancedCodes() {
        assertThatThrownBy(() -> parse("RCPT TO:<bart>"))
                .isInstanceOfSatisfying(SmtpSyntaxException.class, e -> {
                    assertThat(e.reply().enhanced()).isEqualTo("5.1.3");
                    assertThat(e.reply().toWire()).startsWith("501 5.1.3 Bad address syntax").endsWith("\r\n");
                });
    }

    @Test
    void xtextRoundTrips() {
        assertThat(Xtext.encode("a+b=c é")).isEqualTo("a+2Bb+3Dc+20+C3+A9");
        assertThat(Xtext.decode(Xtext.encode("a+b=c é"))).isEqualTo("a+b=c é");
    }
}
