package org.iems.api.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.iems.api.net.LineFramer.Line;
import org.junit.jupiter.api.Test;

class LineFramerTest {

    private static List<Line> feed(LineFramer framer, String... reads) {
        List<Line> lines = new ArrayList<>();
        for (String read : reads) {
            byte[] data = read.getBytes(StandardCharsets.UTF_8);
            int at = 0;
            while (at < data.length) {
                at += framer.feed(data, at);
                framer.take().ifPresent(lines::add);
            }
        }
        return lines;
    }

    @Test
    void linesEndAtLfWhateverTheReadsAndTellCrlfFromABareLf() {
        LineFramer framer = new LineFramer(() -> 100);
        assertThat(feed(framer, "NOOP\r\nHE", "LO x\r", "\nbare\nlast"))
                .containsExactly(new Line("NOOP", true, false), new Line("HELO x", true, false), new Line("bare", false, false));
        assertThat(feed(framer, "\r\n")).containsExactly(new Line("last", true, false));
    }

    @Test
    void aLineOverTheLimitIsDroppedAndReportedOnceItEndsEvenAcrossReads() {
        LineFramer framer = new LineFramer(() -> 10);
        assertThat(feed(framer, "0123456789\r\n")).containsExactly(new Line("0123456789", true, false));
        assertThat(feed(framer, "0123456789A", "BCDEF", "GH\r\nok\r\n"))
                .containsExactly(new Line("", false, true), new Line("ok", true, false));
    }

    @Test
    void theLimitIsReadAtEachReadSoAConfigurationChangeAppliesToTheNextLine() {
        AtomicInteger limit = new AtomicInteger(4);
        LineFramer framer = new LineFramer(limit::get);
        assertThat(feed(framer, "12345\r\n")).containsExactly(new Line("", false, true));
        limit.set(10);
        assertThat(feed(framer, "12345\r\n")).containsExactly(new Line("12345", true, false));
    }

    @Test
    void resetDropsWhatWasSentBeforeTls() {
        LineFramer framer = new LineFramer(() -> 100);
        byte[] data = "STARTTLS\r\nMAIL FROM:<evil@example.org>\r\n".getBytes(StandardCharsets.US_ASCII);
        int taken = framer.feed(data, 0);
        assertThat(framer.take()).contains(new Line("STARTTLS", true, false));
        framer.feed(data, taken);
        framer.reset();
        assertThat(framer.take()).isEmpty();
        assertThat(feed(framer, "EHLO x\r\n")).containsExactly(new Line("EHLO x", true, false));
    }
}
