package org.iems.imapd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** BINARY (RFC 3516) and PREVIEW (RFC 8970) over a socket. */
class BinaryAndPreviewTest extends TrustedLoopbackServer {

    /** A text part in quoted-printable, an HTML alternative, and an attachment of octets holding NUL. */
    private static final String MIXED = "Subject: report\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
            + "--b1\r\nContent-Type: multipart/alternative; boundary=\"b2\"\r\n\r\n"
            + "--b2\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
            + "Caf=C3=A9   at\r\n  noon=\r\n, bring the figures.\r\n"
            + "--b2\r\nContent-Type: text/html\r\n\r\n<p>Caf&eacute; at <b>noon</b></p>\r\n--b2--\r\n"
            + "--b1\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + Base64.getEncoder().encodeToString(new byte[] {1, 0, 2, 0, 3}) + "\r\n"
            + "--b1\r\nContent-Type: application/x-odd\r\nContent-Transfer-Encoding: x-uuencode\r\n\r\nbegin 644\r\n"
            + "--b1--\r\n";

    private static final String HTML_ONLY = "Subject: news\r\nContent-Type: text/html\r\n\r\n"
            + "<html><style>p {}</style><body><p>Hello&nbsp;&amp; welcome</p>\r\n<p>to the list</p></body></html>\r\n";

    @Test
    void binaryGivesAPartDecodedAndItsDecodedSize() throws Exception {
        server.deliver(ImapServer.LISA, MIXED);
        try (ImapClient c = selectedInbox()) {
            List<String> fetch = c.command("FETCH 1 (BINARY.PEEK[1.1] BINARY.SIZE[1.1] BINARY.SIZE[2])");
            assertThat(fetch.get(0)).isEqualTo("* 1 FETCH (BINARY[1.1] {38}");
            assertThat(fetch.get(1)).isEqualTo("Café   at");
            assertThat(fetch.get(2)).isEqualTo("  noon, bring the figures. BINARY.SIZE[1.1] 38 BINARY.SIZE[2] 5)");
            c.write("b1 FETCH 1 BINARY.PEEK[2]\r\n");
            assertThat(c.line()).isEqualTo("* 1 FETCH (BINARY[2] ~{5}");
            assertThat(c.characters(5)).isEqualTo("\u0001\u0000\u0002\u0000\u0003");
            assertThat(c.line()).isEqualTo(")");
            assertThat(c.line()).isEqualTo("b1 OK FETCH completed");
            assertThat(c.command("FETCH 1 BINARY.PEEK[1.1]<5.4>").get(0)).isEqualTo("* 1 FETCH (BINARY[1.1]<5> {4}");
            assertThat(c.command("FETCH 1 FLAGS").get(0)).as("PEEK left \\Seen alone").doesNotContain("\\Seen");
        }
    }

    @Test
    void binaryOfAnUnknownEncodingIsRefusedAndBinaryWithoutPeekSetsSeen() throws Exception {
        server.deliver(ImapServer.LISA, MIXED);
        try (ImapClient c = selectedInbox()) {
            assertThat(c.tagged("FETCH 1 BINARY.PEEK[3]")).endsWith("NO [UNKNOWN-CTE] Cannot decode part 3");
            assertThat(c.tagged("FETCH 1 BINARY[1.2.HEADER]")).contains("BAD");
            assertThat(c.command("FETCH 1 (BINARY.SIZE[9])").get(0)).isEqualTo("* 1 FETCH (BINARY.SIZE[9] 0)");
            c.command("FETCH 1 BINARY[1.2]");
            assertThat(c.command("FETCH 1 FLAGS").get(0)).contains("\\Seen");
        }
    }

    @Test
    void appendTakesALiteral8WithNulOctets() throws Exception {
        String text = "Subject: raw\r\nContent-Transfer-Encoding: binary\r\n\r\na\0b\r\n";
        try (ImapClient c = selectedInbox()) {
            c.write("b1 APPEND INBOX ~{" + text.length() + "+}\r\n" + text + "\r\n");
            assertThat(c.until("b1")).last().asString().startsWith("b1 OK [APPENDUID");
            assertThat(c.command("FETCH 1 BINARY.SIZE[1]").get(0)).isEqualTo("* 1 FETCH (BINARY.SIZE[1] 5)");
        }
    }

    @Test
    void previewIsThePlainTextStartOrTheHtmlWithoutMarkup() throws Exception {
        server.deliver(ImapServer.LISA, MIXED);
        server.deliver(ImapServer.LISA, HTML_ONLY);
        server.deliver(ImapServer.LISA, "Subject: long\r\n\r\n" + "word ".repeat(100) + "\r\n");
        server.deliver(ImapServer.LISA, "Subject: empty\r\nContent-Type: image/png\r\n\r\nxx\r\n");
        try (ImapClient c = selectedInbox()) {
            List<String> first = c.command("FETCH 1 (PREVIEW)");
            assertThat(first.get(0)).isEqualTo("* 1 FETCH (PREVIEW {33}");
            assertThat(first.get(1)).isEqualTo("Café at noon, bring the figures.)");
            assertThat(c.command("FETCH 2 (PREVIEW (LAZY))").get(0))
                    .isEqualTo("* 2 FETCH (PREVIEW \"Hello & welcome to the list\")");
            String longOne = c.command("FETCH 3 PREVIEW").get(0);
            assertThat(longOne).startsWith("* 3 FETCH (PREVIEW \"word word");
            assertThat(longOne.length() - "* 3 FETCH (PREVIEW \"\")".length()).isEqualTo(256);
            assertThat(c.command("FETCH 4 PREVIEW").get(0)).isEqualTo("* 4 FETCH (PREVIEW \"\")");
            assertThat(c.tagged("FETCH 1 (PREVIEW (EAGER))")).contains("BAD");
        }
    }

    @Test
    void aLargeAttachmentIsServedAPieceAtATimeEncodedOrDecoded() throws Exception {
        byte[] octets = new byte[4 * 1024 * 1024];
        new Random(3516).nextBytes(octets);
        for (int i = 0; i < octets.length; i++) {
            // 7-bit octets, which this test's client reads back one character each
            octets[i] &= 0x7f;
        }
        String encoded = Base64.getMimeEncoder().encodeToString(octets);
        server.deliver(ImapServer.LISA, "Subject: big\r\nContent-Type: multipart/mixed; boundary=z\r\n\r\n"
                + "--z\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n"
                + "--z\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + encoded + "\r\n--z--\r\n");
        try (ImapClient c = selectedInbox()) {
            assertThat(c.command("FETCH 1 (BINARY.SIZE[2] BODYSTRUCTURE)").get(0))
                    .startsWith("* 1 FETCH (BINARY.SIZE[2] " + octets.length + " BODYSTRUCTURE");
            c.write("b1 FETCH 1 BODY.PEEK[2]<100.8>\r\n");
            assertThat(c.line()).isEqualTo("* 1 FETCH (BODY[2]<100> {8}");
            assertThat(c.characters(8)).isEqualTo(encoded.substring(100, 108));
            assertThat(c.until("b1")).last().asString().isEqualTo("b1 OK FETCH completed");
            c.write("b2 FETCH 1 BINARY.PEEK[2]<1000000.4>\r\n");
            assertThat(c.line()).matches("\\* 1 FETCH \\(BINARY\\[2]<1000000> ~?\\{4}");
            String four = c.characters(4);
            for (int i = 0; i < 4; i++) {
                assertThat((byte) four.charAt(i)).as("octet %d", i).isEqualTo(octets[1_000_000 + i]);
            }
            assertThat(c.until("b2")).last().asString().isEqualTo("b2 OK FETCH completed");
            String body = c.command("FETCH 1 BODY.PEEK[2]").get(0);
            assertThat(body).isEqualTo("* 1 FETCH (BODY[2] {" + encoded.length() + "}");
        }
    }
}
