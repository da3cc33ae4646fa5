package org.iems.api.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BlobIdTest {

    private static final String SHA = "0123456789abcdef".repeat(4);

    @Test
    void takesSixtyFourLowerCaseHexDigits() {
        assertThat(new BlobId(SHA).hex()).isEqualTo(SHA);
        assertThat(new BlobId(SHA)).isEqualTo(new BlobId(SHA));
    }

    @Test
    void refusesEverythingElse() {
        for (String bad : new String[] {SHA.toUpperCase(), SHA.substring(1), SHA + "0", SHA.replace('a', 'g'),
                SHA.replace('0', ' '), "", "../" + SHA.substring(3)}) {
            assertThatThrownBy(() -> new BlobId(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("not a blob id");
        }
        assertThatThrownBy(() -> new BlobId(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
