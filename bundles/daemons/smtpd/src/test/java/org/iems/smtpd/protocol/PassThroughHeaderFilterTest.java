package org.iems.smtpd.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PassThroughHeaderFilterTest {

    private static String filter(String message, int chunk) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PassThroughHeaderFilter filter = new PassThroughHeaderFilter(out);
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += chunk) {
            filter.write(bytes, i, Math.min(chunk, bytes.length - i));
        }
        filter.finish();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void passThroughFieldsAndTheirContinuationsGoTheBodyStays() throws Exception {
        String message = "Received: from a\r\n\tby b\r\nX-IEMS-Spam-Score: 99\r\nx-iems-virus: clean\r\n\tfolded\r\n"
                + "X-IEMSx: kept\r\nX-Other: kept\r\nSubject: s\r\n\r\nX-IEMS-Spam-Score: body text\r\n";
        String expected = "Received: from a\r\n\tby b\r\nX-IEMSx: kept\r\nX-Other: kept\r\nSubject: s\r\n\r\n"
                + "X-IEMS-Spam-Score: body text\r\n";
        for (int chunk : new int[] {1, 2, 3, 7, 1000}) {
            assertThat(filter(message, chunk)).as("in chunks of " + chunk).isEqualTo(expected);
        }
    }

    @Test
    void aMessageWithoutBodyOrEndingInsideAFieldNameLosesNothingElse() throws Exception {
        assertThat(filter("Subject: s\r\nX-IEM", 4)).isEqualTo("Subject: s\r\nX-IEM");
        assertThat(filter("X-IEMS-A: 1\r\n", 4)).isEmpty();
    }
}
