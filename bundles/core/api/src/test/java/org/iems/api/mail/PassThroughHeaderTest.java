package org.iems.api.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PassThroughHeaderTest {

    @Test
    void fieldNamesMatchInAnyCaseAndOnlyWholePrefix() {
        assertThat(PassThroughHeader.is("X-IEMS-Spam-Score")).isTrue();
        assertThat(PassThroughHeader.is("x-iems-virus")).isTrue();
        assertThat(PassThroughHeader.is("X-Iems-")).isTrue();
        assertThat(PassThroughHeader.is("X-IEMS")).isFalse();
        assertThat(PassThroughHeader.is("X-IEMSX-Spam")).isFalse();
        assertThat(PassThroughHeader.is("Subject")).isFalse();
        assertThat(new String(PassThroughHeader.lowerCasePrefix(), StandardCharsets.US_ASCII)).isEqualTo("x-iems-");
    }
}
