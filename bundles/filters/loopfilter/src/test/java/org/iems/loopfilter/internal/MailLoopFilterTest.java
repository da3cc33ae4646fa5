package org.iems.loopfilter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.iems.api.blob.BlobWriter;
import org.iems.api.filter.FilterRequest;
import org.iems.api.filter.FilterVerdict;
import org.iems.api.queue.Envelope;
import org.junit.jupiter.api.Test;

class MailLoopFilterTest {

    private static final String HOP = "Received: from a by b; Mon, 23 Nov 2026 01:00:00 +0000\r\n";

    private static FilterVerdict filter(String message) throws Exception {
        byte[] bytes = message.getBytes(StandardCharsets.ISO_8859_1);
        return new MailLoopFilter(() -> 3).filter(new FilterRequest() {
            @Override
            public String queueId() {
                return "q1";
            }

            @Override
            public Envelope envelope() {
                throw new UnsupportedOperationException("not read by the filter");
            }

            @Override
            public Map<String, String> tags() {
                return Map.of();
            }

            @Override
            public InputStream openMessage() {
                return new ByteArrayInputStream(bytes);
            }

            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public BlobWriter newBody() {
                throw new UnsupportedOperationException("not written by the filter");
            }
        });
    }

    @Test
    void rejectsOneHopMoreThanTheLimitAsAMailLoop() throws Exception {
        assertThat(filter(HOP.repeat(4) + "Subject: x\r\n\r\nbody\r\n"))
                .isInstanceOfSatisfying(FilterVerdict.Reject.class, r -> assertThat(r.status()).isEqualTo("5.4.6"));
    }

    @Test
    void countsHeaderNamesInAnyCaseButNotLinesInTheBody() throws Exception {
        assertThat(filter(HOP.repeat(3) + "RECEIVED: from c by d; Mon, 23 Nov 2026 01:00:00 +0000\r\n\r\nx\r\n"))
                .isInstanceOf(FilterVerdict.Reject.class);
        assertThat(filter(HOP.repeat(3) + "Subject: x\r\n\r\n" + HOP.repeat(5))).isInstanceOf(FilterVerdict.Accept.class);
    }
}
