package org.iems.smtpd.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.iems.smtpd.protocol.DataReader.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DataReaderTest {

    /** What one read produced: the stored text, the outcome, what followed the end. */
    private record Read(String text, Outcome outcome, String rest, boolean done) {
    }

    private static Read read(String wire, int chunk, long maxSize, int maxLine) throws IOException {
        byte[] bytes = wire.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataReader reader = new DataReader(out, maxSize, maxLine);
        int pos = 0;
        while (pos < bytes.length && !reader.done()) {
            int n = Math.min(chunk, bytes.length - pos);
            pos += reader.feed(bytes, pos, n);
        }
        return new Read(out.toString(StandardCharsets.UTF_8), reader.outcome(),
                new String(bytes, pos, bytes.length - pos, StandardCharsets.UTF_8), reader.done());
    }

    private static Read read(String wire) throws IOException {
        return read(wire, 8192, 1_000_000, 998);
    }

    @Test
    void endsAtCrlfDotCrlfAndLeavesPipelinedCommands() throws IOException {
        Read r = read("Subject: hi\r\n\r\nbody\r\n.\r\nQUIT\r\n");
        assertThat(r.done()).isTrue();
        assertThat(r.outcome()).isEqualTo(Outcome.OK);
        assertThat(r.text()).isEqualTo("Subject: hi\r\n\r\nbody\r\n");
        assertThat(r.rest()).isEqualTo("QUIT\r\n");
    }

    @Test
    void removesDotStuffing() throws IOException {
        assertThat(read("..hidden\r\n...\r\n. x\r\n.\r\n").text()).isEqualTo(".hidden\r\n..\r\n x\r\n");
    }

    @Test
    void emptyMessage() throws IOException {
        Read r = read(".\r\n");
        assertThat(r.done()).isTrue();
        assertThat(r.text()).isEmpty();
    }

    @Test
    void sameResultWhateverTheChunking() throws IOException {
        String wire = "a\r\n..b\r\n\r\nc.\r\n.\r\nNOOP\r\n";
        Read whole = read(wire);
        for (int chunk = 1; chunk < wire.length(); chunk++) {
            assertThat(read(wire, chunk, 1_000_000, 998)).as("chunk " + chunk).isEqualTo(whole);
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"\n.\n", "\n.\r\n", "\r\n.\n", "\r.\r\n", "\r\n.\r", ".\n", "\n..\n"})
    void bareLineEndingsNeverEndTheDataAndRefuseTheMessage(String smuggle) throws IOException {
        // SMTP smuggling: a second message hidden behind a non-standard end of data
        String wire = "Subject: one\r\n\r\nhello" + smuggle + "MAIL FROM:<evil@x.example>\r\nRCPT TO:<victim@ima.com>\r\n"
                + "DATA\r\nSubject: forged\r\n\r\nforged\r\n.\r\nQUIT\r\n";
        Read r = read(wire);
        assertThat(r.done()).isTrue();
        assertThat(r.outcome()).isEqualTo(Outcome.BARE_LINE_ENDING);
        assertThat(r.rest()).isEqualTo("QUIT\r\n");
        assertThat(Outcome.BARE_LINE_ENDING.reply().code()).isEqualTo(554);
    }

    @Test
    void oversizedMessagesAreReadToTheEndButRefused() throws IOException {
        Read r = read("0123456789\r\n0123456789\r\n.\r\nQUIT\r\n", 3, 15, 998);
        assertThat(r.done()).isTrue();
        assertThat(r.outcome()).isEqualTo(Outcome.TOO_BIG);
        assertThat(r.rest()).isEqualTo("QUIT\r\n");
        assertThat(Outcome.TOO_BIG.reply().toWire()).startsWith("552 5.3.4");
    }

    @Test
    void exactlyTheLimitIsAccepted() throws IOException {
        assertThat(read("0123456789\r\n.\r\n", 4, 12, 998).outcome()).isEqualTo(Outcome.OK);
        assertThat(read("0123456789\r\n.\r\n", 4, 11, 998).outcome()).isEqualTo(Outcome.TOO_BIG);
    }

    @Test
    void overLongLinesAreRefused() throws IOException {
        assertThat(read("x".repeat(998) + "\r\n.\r\n").outcome()).isEqualTo(Outcome.OK);
        assertThat(read("x".repeat(999) + "\r\n.\r\n").outcome()).isEqualTo(Outcome.LINE_TOO_LONG);
    }

    @Test
    void incompleteDataIsNotDone() throws IOException {
        assertThat(read("no end\r\n.").done()).isFalse();
        assertThat(read("no end\r\n").done()).isFalse();
    }

    @Test
    void eightBitAndBinaryOctetsPassUnchanged() throws IOException {
        byte[] body = {(byte) 0xC3, (byte) 0xA9, 0, 1, (byte) 0xFF, '\r', '\n', '.', '\r', '\n'};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataReader reader = new DataReader(out, 100, 998);
        assertThat(reader.feed(body, 0, body.length)).isEqualTo(body.length);
        assertThat(out.toByteArray()).containsExactly((byte) 0xC3, (byte) 0xA9, 0, 1, (byte) 0xFF, '\r', '\n');
        assertThat(reader.size()).isEqualTo(7);
    }
}
