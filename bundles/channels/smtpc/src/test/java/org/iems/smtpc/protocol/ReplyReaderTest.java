package org.iems.smtpc.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplyReaderTest {

    private static ReplyReader reader(String text) {
        return new ReplyReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsMultiLineRepliesAndTheirEnhancedStatus() throws Exception {
        ReplyReader r = reader("250-mx.example Hello\r\n250-SIZE 1000\r\n250 PIPELINING\r\n550 5.1.1 <x@y>: no such user\r\n"
                + "451 try later\n");
        Reply ehlo = r.read();
        assertThat(ehlo.code()).isEqualTo(250);
        assertThat(ehlo.lines()).containsExactly("mx.example Hello", "SIZE 1000", "PIPELINING");
        assertThat(ServerCapabilities.of(ehlo).sizeLimit()).hasValue(1000);
        assertThat(ServerCapabilities.of(ehlo).has("pipelining")).isTrue();
        Reply refused = r.read();
        assertThat(refused.isPermanent()).isTrue();
        assertThat(refused.enhancedStatus()).hasValue("5.1.1");
        assertThat(refused).hasToString("550 5.1.1 <x@y>: no such user");
        Reply later = r.read();
        assertThat(later.enhancedStatus()).isEmpty();
        assertThat(later.status()).as("implied by the reply code").isEqualTo("4.0.0");
    }

    @Test
    void anEnhancedStatusOfAnotherClassIsNotBelieved() throws Exception {
        assertThat(reader("550 2.0.0 odd\r\n").read().status()).isEqualTo("5.0.0");
    }

    @Test
    void brokenRepliesAreProtocolErrors() {
        for (String broken : List.of("hello\r\n", "25\r\n", "250-a\r\n251 b\r\n", "250*x\r\n", "650 x\r\n",
                "250-" + "x".repeat(ReplyReader.MAX_LINE + 10) + "\r\n", "250-x\r\n".repeat(ReplyReader.MAX_LINES + 1))) {
            assertThatThrownBy(() -> reader(broken).read()).as(broken.substring(0, Math.min(20, broken.length())))
                    .isInstanceOf(SmtpProtocolException.class);
        }
    }

    @Test
    void aConnectionClosedInsideAReplyIsAnEndOfFile() {
        assertThatThrownBy(() -> reader("250-first\r\n").read()).isInstanceOf(EOFException.class);
    }

    @Test
    void authMechanismsAreReadFromEitherSyntax() throws Exception {
        assertThat(ServerCapabilities.of(reader("250-x\r\n250-AUTH=LOGIN\r\n250 AUTH plain login\r\n").read())
                .authMechanisms()).containsExactlyInAnyOrder("PLAIN", "LOGIN");
    }
}
