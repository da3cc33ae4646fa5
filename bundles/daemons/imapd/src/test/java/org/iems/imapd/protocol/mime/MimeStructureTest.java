package org.iems.imapd.protocol.mime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.iems.imapd.protocol.ResponseBuilder;
import org.iems.imapd.protocol.Section;
import org.junit.jupiter.api.Test;

class MimeStructureTest {

    private static final String NESTED = String.join("\r\n",
            "From: \"Bart S.\" <bart@ima.com>, Undisclosed recipients:;",
            "To: A Group:Ed Jones <c@a.test>,joe@where.test;, lisa@ima.com (Lisa)",
            "Subject: =?UTF-8?Q?caf=C3=A9?=",
            "MIME-Version: 1.0",
            "Content-Type: multipart/mixed; boundary=\"outer\"",
            "",
            "preamble",
            "--outer",
            "Content-Type: text/plain; charset=UTF-8",
            "",
            "first part",
            "--outer",
            "Content-Type: message/rfc822",
            "Content-Disposition: attachment; filename=\"fwd.eml\"",
            "",
            "Subject: inner",
            "Content-Type: multipart/alternative; boundary=inner",
            "",
            "--inner",
            "Content-Type: text/plain",
            "",
            "plain",
            "--inner",
            "Content-Type: text/html",
            "Content-Transfer-Encoding: base64",
            "",
            "PGI+aHRtbDwvYj4=",
            "--inner--",
            "--outer--",
            "epilogue",
            "");

    private static final byte[] BYTES = NESTED.getBytes(StandardCharsets.UTF_8);

    private static String section(String path, String text, List<String> fields) throws IOException {
        List<Integer> numbers = path.isEmpty() ? List.of()
                : Arrays.stream(path.split("\\.")).map(Integer::valueOf).toList();
        return new String(SectionReader.read(MessageSource.of(BYTES), MimeParser.parse(BYTES),
                new Section(numbers, text, fields)),
                StandardCharsets.UTF_8);
    }

    @Test
    void findsPartsOfNestedMultipartsAndEncapsulatedMessages() throws IOException {
        assertThat(section("1", "", List.of())).isEqualTo("first part");
        assertThat(section("1", "MIME", List.of())).isEqualTo("Content-Type: text/plain; charset=UTF-8\r\n\r\n");
        assertThat(section("2", "HEADER", List.of())).startsWith("Subject: inner\r\n").endsWith("inner\r\n\r\n");
        assertThat(section("2.1", "", List.of())).isEqualTo("plain");
        assertThat(section("2.2", "", List.of())).isEqualTo("PGI+aHRtbDwvYj4=");
        assertThat(section("2.2", "MIME", List.of())).contains("base64");
        assertThat(section("3", "", List.of())).isEmpty();
        assertThat(section("", "HEADER.FIELDS", List.of("subject", "X-None"))).isEqualTo(
                "Subject: =?UTF-8?Q?caf=C3=A9?=\r\n\r\n");
        assertThat(section("", "HEADER.FIELDS.NOT", List.of("From", "To", "MIME-Version", "Content-Type")))
                .isEqualTo("Subject: =?UTF-8?Q?caf=C3=A9?=\r\n\r\n");
        assertThat(section("", "TEXT", List.of())).startsWith("preamble\r\n--outer").endsWith("epilogue\r\n");
    }

    @Test
    void writesTheBodyStructureOfNestedParts() {
        ResponseBuilder out = new ResponseBuilder();
        BodyStructureWriter.write(out, MimeParser.parse(BYTES), true);
        String structure = new String(out.toBytes(), StandardCharsets.UTF_8);
        // parameters and disposition as written; lines are line ends (the CRLF before a boundary is not the part's)
        assertThat(structure).startsWith("((\"TEXT\" \"PLAIN\" (\"charset\" \"UTF-8\") NIL NIL \"7BIT\" 10 0 NIL NIL"
                + " NIL NIL)(\"MESSAGE\" \"RFC822\" NIL NIL NIL \"7BIT\" ");
        assertThat(structure).contains("((\"TEXT\" \"PLAIN\" (\"charset\" \"us-ascii\") NIL NIL \"7BIT\" 5 0 NIL NIL"
                + " NIL NIL)(\"TEXT\" \"HTML\" (\"charset\" \"us-ascii\") NIL NIL \"BASE64\" 16 0 NIL NIL NIL NIL) \"ALTERNATIVE\""
                + " (\"boundary\" \"inner\") NIL NIL NIL) 12 NIL");
        assertThat(structure).contains("(\"attachment\" (\"filename\" \"fwd.eml\"))");
        assertThat(structure).endsWith(" \"MIXED\" (\"boundary\" \"outer\") NIL NIL NIL)");
    }

    @Test
    void writesEnvelopesWithGroupsCommentsAndEncodedWords() {
        ResponseBuilder out = new ResponseBuilder();
        EnvelopeWriter.write(out, MimeParser.parse(BYTES).headers());
        assertThat(new String(out.toBytes(), StandardCharsets.UTF_8)).isEqualTo("(NIL \"=?UTF-8?Q?caf=C3=A9?=\""
                + " ((\"Bart S.\" NIL \"bart\" \"ima.com\")(NIL NIL \"Undisclosed recipients\" NIL)(NIL NIL NIL NIL))"
                + " ((\"Bart S.\" NIL \"bart\" \"ima.com\")(NIL NIL \"Undisclosed recipients\" NIL)(NIL NIL NIL NIL))"
                + " ((\"Bart S.\" NIL \"bart\" \"ima.com\")(NIL NIL \"Undisclosed recipients\" NIL)(NIL NIL NIL NIL))"
                + " ((NIL NIL \"A Group\" NIL)(\"Ed Jones\" NIL \"c\" \"a.test\")(NIL NIL \"joe\" \"where.test\")"
                + "(NIL NIL NIL NIL)(NIL NIL \"lisa\" \"ima.com\")) NIL NIL NIL NIL)"); // a comment is not a display name
        assertThat(EncodedWords.decode("=?UTF-8?Q?caf=C3=A9?= =?ISO-8859-1?B?Y2Fm6Q==?= x")).isEqualTo("caf\u00e9caf\u00e9 x");
    }

    @Test
    void brokenMimeNeverFails() throws IOException {
        for (String broken : List.of("", "no header at all", "Content-Type: multipart/mixed\r\n\r\nno boundary",
                "Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nunterminated",
                "Content-Type: message/rfc822\r\n\r\n", "Content-Type: /\r\n\r\nx")) {
            byte[] bytes = broken.getBytes(StandardCharsets.UTF_8);
            MimePart root = MimeParser.parse(bytes);
            BodyStructureWriter.write(new ResponseBuilder(), root, true);
            EnvelopeWriter.write(new ResponseBuilder(), root.headers());
            assertThat(SectionReader.read(MessageSource.of(bytes), root, new Section(List.of(1, 2, 3), "MIME",
                    List.of()))).isEmpty();
        }
    }

    @Test
    void deepNestingIsCutOffInsteadOfRecursingForEver() {
        StringBuilder message = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            message.append("Content-Type: message/rfc822\r\n\r\n");
        }
        byte[] bytes = message.toString().getBytes(StandardCharsets.UTF_8);
        ResponseBuilder out = new ResponseBuilder();
        BodyStructureWriter.write(out, MimeParser.parse(bytes), true);
        assertThat(new String(out.toBytes(), StandardCharsets.UTF_8)).contains("\"APPLICATION\" \"OCTET-STREAM\"");
    }

    @Test
    void bodyTextIsDecodedFromTransferEncodingAndCharset() throws IOException {
        String message = String.join("\r\n", "Content-Type: multipart/mixed; boundary=b", "", "--b",
                "Content-Type: text/plain; charset=ISO-8859-1", "Content-Transfer-Encoding: quoted-printable", "",
                "Gr=FC=DFe aus K=F6ln, sehr lange Zeile =", "mit weichem Umbruch", "--b",
                "Content-Type: text/html; charset=UTF-8", "Content-Transfer-Encoding: base64", "",
                "PHA+Y2Fmw6k8L3A+", "--b", "Content-Type: image/png", "Content-Transfer-Encoding: base64", "",
                "aGlkZGVu", "--b--", "");
        byte[] bytes = message.getBytes(StandardCharsets.ISO_8859_1);
        String text = BodyText.of(MessageSource.of(bytes), MimeParser.parse(bytes));
        assertThat(text).contains("Gr\u00fc\u00dfe aus K\u00f6ln", "lange Zeile mit weichem Umbruch",
                "<p>caf\u00e9</p>").doesNotContain("hidden");
    }

    /**
     * Random assemblies of boundaries, headers, blank lines and bare line ends: the parser never
     * fails, and every part lies inside its parent's body, after the one before it, with its header
     * before its body.
     */
    @Test
    void anyInputGivesPartsNestedInsideTheirParentsInOrder() {
        String[] pieces = {"--a\r\n", "--a--\r\n", "--b\r\n", "--b--\r\n", "\r\n", "x\r\n", "\n", "\r", "text",
            "Content-Type: multipart/mixed; boundary=b\r\n", "Content-Type: multipart/digest; boundary=a\n",
            "Content-Type: message/rfc822\r\n", "Subject: y\r\n", " folded\r\n", "--ab\r\n"};
        Random random = new Random(2046);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder m = new StringBuilder("Content-Type: multipart/mixed; boundary=a\r\n\r\n");
            for (int k = random.nextInt(30); k > 0; k--) {
                m.append(pieces[random.nextInt(pieces.length)]);
            }
            byte[] bytes = m.toString().getBytes(StandardCharsets.UTF_8);
            MimePart root = MimeParser.parse(bytes);
            assertThat(root.headerStart()).isZero();
            assertThat(root.end()).as(m.toString()).isEqualTo(bytes.length);
            assertNested(root, m.toString());
        }
    }

    private static void assertNested(MimePart part, String message) {
        assertThat(part.headerStart()).as(message).isLessThanOrEqualTo(part.bodyStart());
        assertThat(part.bodyStart()).as(message).isLessThanOrEqualTo(part.end());
        int at = part.bodyStart();
        for (MimePart child : part.children()) {
            assertThat(child.headerStart()).as(message).isGreaterThanOrEqualTo(at);
            assertThat(child.end()).as(message).isLessThanOrEqualTo(part.end());
            at = child.end();
            assertNested(child, message);
        }
        part.message().ifPresent(inner -> {
            assertThat(inner.headerStart()).as(message).isEqualTo(part.bodyStart());
            assertThat(inner.end()).as(message).isEqualTo(part.end());
            assertNested(inner, message);
        });
    }

    @Test
    void aStreamIsParsedToTheSameStructureWithoutBeingHeldWhole() throws IOException {
        byte[] attachment = new byte[3 * 1024 * 1024];
        Arrays.fill(attachment, (byte) 'A');
        String head = "Content-Type: multipart/mixed; boundary=z\r\n\r\n--z\r\nContent-Type: text/plain\r\n\r\nhi\r\n"
                + "--z\r\nContent-Type: application/octet-stream\r\n\r\n";
        String tail = "\r\n--z--\r\n";
        byte[] whole = new byte[head.length() + attachment.length + tail.length()];
        System.arraycopy(head.getBytes(StandardCharsets.US_ASCII), 0, whole, 0, head.length());
        System.arraycopy(attachment, 0, whole, head.length(), attachment.length);
        System.arraycopy(tail.getBytes(StandardCharsets.US_ASCII), 0, whole, head.length() + attachment.length,
                tail.length());
        MimePart streamed = MimeParser.parse(new BufferedInputStream(new ByteArrayInputStream(whole)));
        MimePart second = streamed.children().get(1);
        assertThat(second.bodySize()).isEqualTo(attachment.length);
        assertThat(second.bodyStart()).isEqualTo(head.length());
        MimePart inMemory = MimeParser.parse(whole);
        assertThat(streamed.children()).extracting(MimePart::headerStart, MimePart::bodyStart, MimePart::end)
                .isEqualTo(inMemory.children().stream().map(p -> tuple(p.headerStart(), p.bodyStart(), p.end()))
                        .toList());
    }
}
