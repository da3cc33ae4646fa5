package org.iems.smtpc.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageTransmitterTest {

    private static String send(String message, Map<String, String> tags, boolean downgrade) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MessageTransmitter.send(new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8)), out, tags, downgrade);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void dotsAreStuffedLineEndsMadeCrLfAndTheDataEnded() throws Exception {
        assertThat(send("Subject: x\n\n.one\r\n..two\nthree", Map.of(), false))
                .isEqualTo("Subject: x\r\n\r\n..one\r\n...two\r\nthree\r\n.\r\n");
    }

    @Test
    void passThroughHeadersAreRemovedUnlessTagsAreGiven() throws Exception {
        String message = "X-IEMS-Spam: yes\r\nSubject: s\r\nx-iems-virus: none\r\n\tfolded\r\n\r\nX-IEMS-Body: stays\r\n";
        assertThat(send(message, Map.of(), false)).isEqualTo("Subject: s\r\n\r\nX-IEMS-Body: stays\r\n.\r\n");
        assertThat(send(message, Map.of("X-IEMS-Spam-Score", "3.1"), false))
                .isEqualTo("X-IEMS-Spam-Score: 3.1\r\nSubject: s\r\n\r\nX-IEMS-Body: stays\r\n.\r\n");
    }

    @Test
    void overLongLinesAreBroken() throws Exception {
        String sent = send("S: x\r\n\r\n" + "a".repeat(2500) + "\r\n", Map.of(), false);
        assertThat(sent.split("\r\n")).extracting(String::length).containsExactly(4, 0, 998, 998, 504, 1);
    }

    @Test
    void eightBitPartsOfAMultipartBecomeQuotedPrintableAndTheRestIsUntouched() throws Exception {
        String message = "Subject: s\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed;\r\n boundary=\"outer\"\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n\r\n"
                + "preamble\r\n--outer\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                + "caf\u00e9\r\n" + "\u00e9".repeat(40) + "\r\n--outer\r\nContent-Type: message/rfc822\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n\r\nSubject: inner\r\nContent-Type: text/plain\r\n"
                + "Content-Transfer-Encoding: binary\r\n\r\n\u00fcber\r\n--outer\r\nContent-Type: text/plain\r\n\r\n"
                + "seven bit = fine\r\n--outer--\r\nepilogue\r\n";
        String expected = "Subject: s\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed;\r\n boundary=\"outer\"\r\n"
                + "Content-Transfer-Encoding: 7bit\r\n\r\n"
                + "preamble\r\n--outer\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
                + "caf=C3=A9\r\n" + softBroken("=C3=A9".repeat(40))
                + "--outer\r\nContent-Type: message/rfc822\r\nContent-Transfer-Encoding: 7bit\r\n\r\n"
                + "Subject: inner\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                + "=C3=BCber\r\n--outer\r\nContent-Type: text/plain\r\n\r\nseven bit = fine\r\n--outer--\r\nepilogue\r\n"
                + ".\r\n";
        assertThat(send(message, Map.of(), true)).isEqualTo(expected);
    }

    /** Encoded text in lines of 75 characters and a soft line break (25 octets as =XX each). */
    private static String softBroken(String encoded) {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < encoded.length(); i += 75) {
            boolean last = i + 75 >= encoded.length();
            lines.append(encoded, i, Math.min(encoded.length(), i + 75)).append(last ? "\r\n" : "=\r\n");
        }
        return lines.toString();
    }

    @Test
    void aMessageWithoutMimeHeadersPassesUnchangedEvenWhenDowngrading() throws Exception {
        assertThat(send("Subject: s\r\n\r\nplain\r\n", Map.of(), true)).isEqualTo("Subject: s\r\n\r\nplain\r\n.\r\n");
    }

    @Test
    void aHeaderWithoutBodyIsSentWhole() throws Exception {
        assertThat(send("Subject: only a header", Map.of(), true)).isEqualTo("Subject: only a header\r\n.\r\n");
    }
}
